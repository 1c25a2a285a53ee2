package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportBenchResultTest {
  @Test
  void jsonHasEveryFigureOnOneLine() {
    TransportBenchResult r =
        new TransportBenchResult(
            1200.5,
            1000,
            990,
            10,
            0,
            25.1,
            25.9,
            1000,
            new TransportBenchResult.SessionFigures(
                950, 900.25, 800, 8, 6, 8, 7, 1, 1_120_000, 0, 25.5, 26.0, 25.2, 29.75),
            Map.of("sender", 1.5, "emulator-upstream", 2.25),
            Map.of(),
            null);
    assertEquals(
        "{\"goodput_mbps\":900.250,\"raw_udp_mbps\":1200.500,\"offered_mbps\":950.000,"
            + "\"data_packets\":800,"
            + "\"lost_packets\":8,\"lost_recovered_by_fec\":6,\"fec_recovered_share\":0.750,"
            + "\"fec_recovered\":7,\"retransmitted\":1,"
            + "\"delivered_bytes\":1120000,\"corrupt_or_missing\":0,"
            + "\"recovery_latency_ms_p50\":25.500,\"recovery_latency_ms_p99\":26.000,"
            + "\"delivery_latency_ms_p50\":25.200,\"delivery_latency_ms_p99\":29.750,"
            + "\"raw_sent\":1000,\"raw_received\":990,\"raw_lost_by_emulator\":10,"
            + "\"raw_corrupt\":0,\"raw_latency_ms_p50\":25.100,\"raw_latency_ms_p99\":25.900,"
            + "\"session_pace_mbps\":1000.000,"
            + "\"raw_cpu_us_per_packet\":{\"emulator-upstream\":2.250,\"sender\":1.500},"
            + "\"session_cpu_us_per_packet\":{},\"session_missing\":null}",
        r.toJson());
  }

  @Test
  void missingSessionGivesNullFiguresAndTheReason() {
    TransportBenchResult r =
        new TransportBenchResult(
            1.0, 1, 1, 0, 0, Double.NaN, 1, 0, null, Map.of(), Map.of(), "not \"built\"");
    String json = r.toJson();
    assertTrue(
        json.startsWith("{\"goodput_mbps\":null,\"raw_udp_mbps\":1.000,\"offered_mbps\":null,"),
        json);
    assertTrue(json.contains("\"raw_latency_ms_p50\":null"), json);
    assertTrue(json.endsWith("\"session_missing\":\"not \\\"built\\\"\"}"), json);
    assertTrue(r.summary().contains("not measured: not \"built\""), r.summary());
  }

  @Test
  void latencyRunIsANestedObjectAtTheEnd() {
    TransportBenchResult.SessionFigures main =
        new TransportBenchResult.SessionFigures(
            950, 900.25, 800, 8, 6, 8, 7, 1, 1_120_000, 0, 25.5, 26.0, 25.2, 29.75);
    TransportBenchResult.SessionFigures light =
        new TransportBenchResult.SessionFigures(
            450, 449.5, 400, 4, 4, 4, 4, 0, 560_000, 0, 25.25, 26.5, 25.125, 27.0);
    TransportBenchResult r =
        new TransportBenchResult(
            1200.5, 1000, 990, 10, 0, 25.1, 25.9, 1000, main, Map.of(), Map.of(), null, light);
    String json = r.toJson();
    assertTrue(
        json.endsWith(
            "\"session_missing\":null,\"latency_run\":{\"offered_mbps\":450.000,"
                + "\"goodput_mbps\":449.500,\"fec_recovered_share\":1.000,\"retransmitted\":0,"
                + "\"corrupt_or_missing\":0,\"recovery_latency_ms_p50\":25.250,"
                + "\"recovery_latency_ms_p99\":26.500,\"delivery_latency_ms_p50\":25.125,"
                + "\"delivery_latency_ms_p99\":27.000}}"),
        json);
    assertTrue(r.summary().contains("delivery latency p50 25.13 ms p99 27.00 ms"), r.summary());
  }
}
