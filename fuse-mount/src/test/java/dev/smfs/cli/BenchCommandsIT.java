package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code smfs bench writes} and {@code smfs bench disaster} end to end: a real mirror process, the
 * WAN emulator and a real primary mount process, with tiny parameters. The disaster run is a test
 * of remote-sync's guarantee: no acknowledged write may be missing on the mirror.
 */
class BenchCommandsIT {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @BeforeEach
  void requireFuse() {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
  }

  private int run(String... args) {
    return cli.run(args);
  }

  private String lastLine() {
    List<String> lines = out.toString().strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), () -> field + " missing from " + json);
    return Double.parseDouble(m.group(1));
  }

  private String assertSaneWrites(String level, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "writes",
                "--safety",
                level,
                "--delay-ms",
                "5",
                "--loss",
                "0.01",
                "--writers",
                "2",
                "--size",
                "4096",
                "--seconds",
                "2",
                "--warmup-seconds",
                "1",
                "--json"));
    args.addAll(List.of(extra));
    int code = run(args.toArray(String[]::new));
    assertEquals(0, code, () -> "stderr: " + err + " stdout: " + out);
    String json = lastLine();
    assertTrue(json.startsWith("{") && json.endsWith("}"), json);
    assertTrue(json.contains("\"safety\":\"" + level + "\""), json);
    assertTrue(number(json, "writes") > 0, json);
    assertTrue(number(json, "throughput_mbps") > 0, json);
    double p50 = number(json, "latency_ms_p50");
    double p99 = number(json, "latency_ms_p99");
    double p999 = number(json, "latency_ms_p999");
    assertTrue(p50 > 0 && p50 <= p99 && p99 <= p999, json);
    assertEquals(5, number(json, "delay_ms"), json);
    assertEquals(0.01, number(json, "loss"), json);
    assertEquals(1, number(json, "warmup_seconds"), json);
    return json;
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void writesAtLocalSyncReportsEveryField() {
    assertSaneWrites("local-sync");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void writesAtNetworkSyncReportsEveryField() {
    String json = assertSaneWrites("network-sync", "--min-repairs", "2");
    assertTrue(json.contains("\"min_repairs\":\"2\""), json);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void remoteSyncLosesNoAcknowledgedWriteWhenThePrimaryDiesDuringLoss() {
    int code =
        run(
            "bench",
            "disaster",
            "--safety",
            "remote-sync",
            "--loss",
            "0.01",
            "--trials",
            "2",
            "--delay-ms",
            "5",
            "--writers",
            "2",
            "--size",
            "4096",
            "--json");
    assertEquals(0, code, () -> "stderr: " + err + " stdout: " + out);
    String json = lastLine();
    assertEquals(2, number(json, "trials"), json);
    assertTrue(number(json, "acked") > 0, json);
    assertEquals(0, number(json, "acked_lost"), json);
    assertTrue(number(json, "link_dropped") >= 0, json);
  }
}
