package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.metrics.MetricsServer;
import dev.smfs.server.status.Json;
import dev.smfs.server.status.StatusFile;
import dev.smfs.server.status.StatusReport;
import dev.smfs.server.status.StatusReport.FecStatus;
import dev.smfs.server.status.StatusReport.LinkState;
import dev.smfs.server.status.StatusReport.MirrorLink;
import dev.smfs.server.status.StatusReport.Role;
import dev.smfs.server.status.StatusReport.VolumeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path dir;
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private static StatusReport liveReport() {
    return new StatusReport(
        Role.PRIMARY,
        System.currentTimeMillis(),
        ProcessHandle.current().pid(),
        "0.1.0",
        "network-sync",
        List.of(new VolumeStatus("vol-1", 2, 500, 480, 400)),
        new MirrorLink("127.0.0.1:7000", LinkState.CATCHING_UP, 100, 4096, 1.5),
        new FecStatus(8, 3, List.of(1, 10, 100), 3, 0.005));
  }

  @Test
  void dataDirOfARunningDaemonShowsItsStatusFile() {
    StatusFile.write(dir, liveReport());
    assertEquals(0, run("status", "--data", dir.toString()));
    String text = out.toString();
    assertTrue(text.contains("daemon:"), text);
    assertTrue(text.contains("running"), text);
    assertTrue(text.contains("catching-up"), text);
    assertTrue(text.contains("network-sync"), text);
  }

  @Test
  void jsonOfADataDirIsOneParsableObjectWithTheLossProbability() {
    StatusFile.write(dir, liveReport());
    assertEquals(0, run("status", "--data", dir.toString(), "--json"));
    String text = out.toString().strip();
    assertEquals(1, text.lines().count(), text);
    Map<?, ?> o = (Map<?, ?>) Json.parse(text);
    assertEquals("primary", o.get("role"));
    Map<?, ?> fec = (Map<?, ?>) o.get("fec");
    double q = (Double) fec.get("in_flight_packet_loss_probability");
    assertTrue(q > 0 && q < 0.005, "q=" + q);
    assertEquals(1.0, ((Map<?, ?>) o.get("disk")).get("files"));
  }

  @Test
  void dataDirWithoutStatusFileSaysNotRunning() throws Exception {
    Files.writeString(dir.resolve("segment-0"), "x".repeat(100));
    assertEquals(0, run("status", "--data", dir.toString(), "--json"));
    Map<?, ?> o = (Map<?, ?>) Json.parse(out.toString());
    assertEquals("not running", o.get("daemon"));
    assertEquals(100.0, ((Map<?, ?>) o.get("disk")).get("data_bytes"));
  }

  @Test
  void missingDataDirIsOneLineExitOne() {
    assertEquals(1, run("status", "--data", dir.resolve("absent").toString()));
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
    assertTrue(err.toString().contains("not a data directory"), err::toString);
  }

  @Test
  void corruptStatusFileIsOneLineExitOne() throws Exception {
    Files.writeString(StatusFile.pathIn(dir), "garbage");
    assertEquals(1, run("status", "--data", dir.toString()));
    assertTrue(err.toString().contains("status file corrupt"), err::toString);
  }

  @Test
  void metricsOfARunningDaemonAreSummarised() {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("mirror", "0.1.0");
    registry.counter(MetricNames.TRANSPORT_PACKETS_RECEIVED).increment(990);
    registry.counter(MetricNames.TRANSPORT_FEC_RECOVERED).increment(10);
    registry.gauge(
        MetricNames.TRANSPORT_FEC_CONFIG,
        io.micrometer.core.instrument.Tags.of("r", "8", "c", "3", "interleaves", "1-10-100"),
        1);
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      assertEquals(0, run("status", "--metrics", server.address().toString(), "--json"));
    }
    Map<?, ?> o = (Map<?, ?>) Json.parse(out.toString());
    assertEquals("mirror", o.get("role"));
    Map<?, ?> fec = (Map<?, ?>) o.get("fec");
    assertEquals(0.01, (Double) fec.get("observed_loss"), 1e-12);
    assertTrue(fec.get("in_flight_packet_loss_probability") instanceof Double, fec::toString);
    assertEquals(990.0, ((Map<?, ?>) o.get("transport")).get("packets_received"));
  }

  @Test
  void observedLossGaugeIsPreferredOnceKnown() {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("mirror", "0.1.0");
    registry.counter(MetricNames.TRANSPORT_PACKETS_RECEIVED).increment(990);
    registry.counter(MetricNames.TRANSPORT_FEC_RECOVERED).increment(10);
    // A supplier, not registry.gauge(name, 0.02): that holds the boxed value weakly and a GC
    // turns it into NaN.
    io.micrometer.core.instrument.Gauge.builder(MetricNames.TRANSPORT_OBSERVED_LOSS, () -> 0.02)
        .register(registry);
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      assertEquals(0, run("status", "--metrics", server.address().toString(), "--json"));
    }
    Map<?, ?> fec = (Map<?, ?>) ((Map<?, ?>) Json.parse(out.toString())).get("fec");
    assertEquals(0.02, (Double) fec.get("observed_loss"), 1e-12);
    assertEquals("receiver report", fec.get("observed_loss_source"));
  }

  @Test
  void unknownObservedLossFallsBackToTheRecoveredShare() {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("mirror", "0.1.0");
    registry.counter(MetricNames.TRANSPORT_PACKETS_RECEIVED).increment(990);
    registry.counter(MetricNames.TRANSPORT_FEC_RECOVERED).increment(10);
    io.micrometer.core.instrument.Gauge.builder(
            MetricNames.TRANSPORT_OBSERVED_LOSS, () -> Double.NaN)
        .register(registry);
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      assertEquals(0, run("status", "--metrics", server.address().toString(), "--json"));
    }
    Map<?, ?> fec = (Map<?, ?>) ((Map<?, ?>) Json.parse(out.toString())).get("fec");
    assertEquals(0.01, (Double) fec.get("observed_loss"), 1e-12);
  }

  @Test
  void unreachableMetricsIsOneLineExitOne() {
    HostPort closed;
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("mirror", "x");
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      closed = server.address();
    }
    assertEquals(1, run("status", "--metrics", closed.toString()));
    assertTrue(err.toString().contains("unreachable"), err::toString);
  }

  @Test
  void malformedMetricsAddressIsAUsageError() {
    assertEquals(2, run("status", "--metrics", "nohost"));
  }
}
