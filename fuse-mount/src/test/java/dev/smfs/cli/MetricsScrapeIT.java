package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smfs.fuse.Launcher;
import dev.smfs.fuse.MountTable;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.metrics.MetricNames.Metric;
import dev.smfs.server.status.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mirror and a real mirrored remote-sync mount (processes started through the launcher,
 * loopback only) are written to and scraped: every metric of {@link MetricNames} appears in the
 * {@code /metrics} of one of them under its exported {@code smfs_} name, and the counters of the
 * write path moved.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricsScrapeIT {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/bin/smfs");
  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^(smfs_[a-z0-9_]+)(\\{[^}]*\\})? (\\S+)$");

  @TempDir Path tmp;
  private Path mnt;
  private Process mirror;

  @AfterEach
  void stop() throws Exception {
    if (mnt != null && MountTable.isMounted(mnt)) {
      new ProcessBuilder("fusermount", "-u", "-z", mnt.toString())
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
    if (mirror != null) {
      mirror.destroy();
      if (!mirror.waitFor(30, TimeUnit.SECONDS)) {
        mirror.destroyForcibly();
      }
    }
  }

  private String smfs(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Starts the mirror and returns once it listens; its output keeps being drained. */
  private void startMirror(int port, int metricsPort) throws Exception {
    mirror =
        Launcher.startMirror(
            tmp, tmp.resolve("mirror"), port, "--metrics", "127.0.0.1:" + metricsPort);
  }

  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode());
    return resp.body();
  }

  /** Sum of a series over its label sets whose labels contain {@code labels}. */
  private static double sum(String text, String series, String labels) {
    Matcher m = SAMPLE.matcher(text);
    double total = 0;
    while (m.find()) {
      if (m.group(1).equals(series) && (m.group(2) == null ? "" : m.group(2)).contains(labels)) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }

  private static Map<String, List<String>> seriesBySource(String primary, String mirror) {
    Map<String, List<String>> where = new HashMap<>();
    for (String[] source : new String[][] {{"primary", primary}, {"mirror", mirror}}) {
      Matcher m = SAMPLE.matcher(source[1]);
      while (m.find()) {
        where.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(source[0]);
      }
    }
    return where;
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyCataloguedMetricIsServedByTheRunningPair() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
    int mirrorPort = Launcher.freeUdpPort();
    int mirrorMetrics = freeTcpPort();
    int primaryMetrics = freeTcpPort();
    startMirror(mirrorPort, mirrorMetrics);
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    smfs(
        List.of(
            "mount",
            mnt.toString(),
            "--data",
            tmp.resolve("primary").toString(),
            "--mirror",
            "127.0.0.1:" + mirrorPort,
            "--insecure",
            "--safety",
            "remote-sync",
            "--metrics",
            "127.0.0.1:" + primaryMetrics));

    // remote-sync: each write returns once the mirror made it durable.
    Random rnd = new Random(11);
    for (int i = 0; i < 8; i++) {
      byte[] data = new byte[64 << 10];
      rnd.nextBytes(data);
      Files.write(mnt.resolve("f" + i), data);
    }
    assertFalse(Files.exists(mnt.resolve("missing"))); // getattr answers ENOENT

    String primary = scrape(primaryMetrics);
    String mirrorText = scrape(mirrorMetrics);
    Map<String, List<String>> where = seriesBySource(primary, mirrorText);
    List<String> absent = new ArrayList<>();
    for (Metric m : MetricNames.all()) {
      if (m.exportedSeries().stream().noneMatch(where::containsKey)) {
        absent.add(m.exportedName());
      }
    }
    assertTrue(absent.isEmpty(), "not served by primary or mirror: " + absent);

    assertTrue(sum(primary, "smfs_ship_records_total", "") > 0, primary);
    assertTrue(sum(primary, "smfs_ship_acked_records_total", "") > 0, primary);
    assertTrue(sum(primary, "smfs_log_appends_total", "") > 0, primary);
    assertTrue(sum(primary, "smfs_fuse_ops_total", "op=\"write\"") >= 8, primary);
    assertTrue(
        sum(primary, "smfs_fuse_errors_total", "errno=\"ENOENT\",op=\"getattr\"") >= 1, primary);
    assertTrue(
        sum(primary, "smfs_write_latency_seconds_count", "level=\"remote-sync\",op=\"write\"") >= 8,
        primary);
    assertEquals(
        1.0,
        sum(primary, "smfs_mirror_state", "state=\"connected\"")
            + sum(primary, "smfs_mirror_state", "state=\"catching-up\""),
        primary);
    assertTrue(sum(mirrorText, "smfs_mirror_records_received_total", "") > 0, mirrorText);
    assertTrue(sum(mirrorText, "smfs_mirror_acks_sent_total", "") > 0, mirrorText);
    assertTrue(sum(mirrorText, "smfs_log_appends_total", "volume=") > 0, mirrorText);
    assertEquals(
        1.0, sum(mirrorText, "smfs_transport_fec_config", "c=\"3\",interleaves=\"1-10-100\""));

    // status.json is republished every second: wait (bounded) for one written after the link was
    // up, then read it through `smfs status`.
    Path statusFile = tmp.resolve("primary").resolve("status.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.readString(statusFile).contains("\"fec\":{") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    String json = smfs(List.of("status", "--data", tmp.resolve("primary").toString(), "--json"));
    Map<?, ?> status = (Map<?, ?>) Json.parse(json.strip().lines().reduce((x, y) -> y).get());
    Map<?, ?> link = (Map<?, ?>) status.get("mirror");
    assertTrue(((Number) link.get("lag_seconds")).doubleValue() >= 0, json);
    Map<?, ?> fec = (Map<?, ?>) status.get("fec");
    assertEquals(8.0, ((Number) fec.get("r")).doubleValue(), json);
    assertEquals(3.0, ((Number) fec.get("c")).doubleValue(), json);

    smfs(List.of("umount", mnt.toString()));
  }
}
