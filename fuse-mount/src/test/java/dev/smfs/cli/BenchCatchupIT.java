package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code smfs bench catchup} end to end with a few MiB: real mirror and mount processes, the WAN
 * emulator between them; the mirror, stopped while the data was written (and, with --new-mirror,
 * replaced by an empty one after the primary cleaned its first segment), must end identical to the
 * primary with both data directories passing fsck.
 */
class BenchCatchupIT {
  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), () -> field + " missing from " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void mirrorDownWhileWritingCatchesUpIdenticalAndClean() {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
    CliRunner cli = new CliRunner();
    int code =
        cli.run(
            "bench",
            "catchup",
            "--size",
            "6M",
            "--files",
            "3",
            "--delay-ms",
            "5",
            "--loss",
            "0.01",
            "--json");
    assertEquals(0, code, () -> "stderr: " + cli.err + " stdout: " + cli.out);
    List<String> lines = cli.out.toString().strip().lines().toList();
    String json = lines.get(lines.size() - 1);
    assertTrue(json.contains("\"trees_equal\":true"), json);
    assertTrue(json.contains("\"fsck_primary\":\"clean\""), json);
    assertTrue(json.contains("\"fsck_mirror\":\"clean\""), json);
    assertEquals(6 << 20, number(json, "bytes_written"), json);
    assertTrue(number(json, "records") > 0, json);
    assertTrue(number(json, "catchup_seconds") > 0, json);
    assertTrue(number(json, "catchup_mbps") > 0, json);
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void brandNewMirrorOfACleanedVolumeGetsTheWholeVolume() {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
    CliRunner cli = new CliRunner();
    int code =
        cli.run(
            "bench",
            "catchup",
            "--new-mirror",
            "--size",
            "4M",
            "--files",
            "2",
            "--delay-ms",
            "5",
            "--rate-mbit",
            "1000",
            "--json");
    assertEquals(0, code, () -> "stderr: " + cli.err + " stdout: " + cli.out);
    List<String> lines = cli.out.toString().strip().lines().toList();
    String json = lines.get(lines.size() - 1);
    assertTrue(json.contains("\"new_mirror\":true"), json);
    assertTrue(json.contains("\"trees_equal\":true"), json);
    assertTrue(json.contains("\"fsck_primary\":\"clean\""), json);
    assertTrue(json.contains("\"fsck_mirror\":\"clean\""), json);
  }
}
