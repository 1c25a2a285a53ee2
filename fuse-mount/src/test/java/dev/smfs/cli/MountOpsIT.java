package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smfs.fuse.MountTable;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background {@code smfs mount} through the real launcher serves {@code /metrics} and publishes
 * {@code DATA/status.json} while mounted, and withdraws the status file once unmounted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MountOpsIT {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/bin/smfs");

  @TempDir Path tmp;
  private Path mnt;

  @AfterEach
  void unmount() throws Exception {
    if (mnt != null && MountTable.isMounted(mnt)) {
      new ProcessBuilder("fusermount", "-u", "-z", mnt.toString())
          .start()
          .waitFor(10, TimeUnit.SECONDS);
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

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void backgroundMountServesMetricsAndStatusUntilUnmounted() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path data = tmp.resolve("data");
    int port = freePort();
    smfs(
        List.of(
            "mount", mnt.toString(), "--data", data.toString(), "--metrics", "127.0.0.1:" + port));

    String status = Files.readString(data.resolve("status.json"));
    assertTrue(status.contains("\"role\":\"primary\""), status);
    assertTrue(status.contains("\"safety\":\"local-sync\""), status);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("role=\"primary\""), metrics.body());

    smfs(List.of("umount", mnt.toString()));
    assertFalse(MountTable.isMounted(mnt));
    assertFalse(Files.exists(data.resolve("status.json")));
  }

  @Test
  void mirroredMountReportsItsMirrorLinkAndVolumeInStatus() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is absent");
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path data = tmp.resolve("data");
    // No mirror listens there: the link is degraded or connecting, and async never waits for it.
    String mirror = "127.0.0.1:" + freePort();
    smfs(
        List.of(
            "mount",
            mnt.toString(),
            "--data",
            data.toString(),
            "--mirror",
            mirror,
            "--insecure",
            "--safety",
            "async"));

    // status.json is first written when the daemon starts, before the mirrored volume is open, and
    // then republished every second: wait (bounded) for a publication that includes the link.
    String status = Files.readString(data.resolve("status.json"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!status.contains("\"address\":\"" + mirror + "\"") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      status = Files.readString(data.resolve("status.json"));
    }
    assertTrue(status.contains("\"safety\":\"async\""), status);
    assertTrue(status.contains("\"address\":\"" + mirror + "\""), status);
    assertTrue(status.contains("\"mirrorDurableLsn\""), status);

    smfs(List.of("umount", mnt.toString()));
    assertFalse(Files.exists(data.resolve("status.json")));
  }
}
