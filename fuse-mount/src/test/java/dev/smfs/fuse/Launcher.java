package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, {@code deploy/bin/smfs}, which runs the packaged {@code
 * fuse-mount/target/smfs.jar}: one-shot commands and foreground mounts for the integration tests.
 */
public final class Launcher {
  static final Path PATH =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/bin/smfs");

  private Launcher() {}

  /** Runs {@code smfs ARGS...} in {@code cwd} to its end. */
  static Shell.Result run(Path cwd, String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = PATH.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    return Shell.run(cwd, cmd);
  }

  /**
   * Starts {@code smfs mount MNT ARGS... --foreground} with its output in {@code log} and returns
   * once the mount is live (a bounded wait: 30 s, each step also noticing an early exit).
   */
  static Process mountForeground(Path mnt, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PATH.toString(), "mount", mnt.toString()));
    cmd.addAll(List.of(args));
    cmd.add("--foreground");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean live = false;
    try {
      for (int i = 0; i < 600 && !MountTable.isMounted(mnt); i++) {
        assertFalse(p.waitFor(50, TimeUnit.MILLISECONDS), () -> "exited early: " + read(log));
      }
      assertTrue(MountTable.isMounted(mnt), () -> "not mounted after 30 s: " + read(log));
      live = true;
      return p;
    } finally {
      if (!live) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * Starts {@code smfs mirror --data DATA --listen 127.0.0.1:PORT --insecure ARGS...} and returns
   * once it listens; its output keeps being drained so the pipe never fills.
   */
  public static Process startMirror(Path cwd, Path data, int port, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PATH.toString(),
                "mirror",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--insecure"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null && !line.contains("listening on")) {
      seen.append(line).append('\n');
    }
    if (line == null) {
      p.destroyForcibly();
      throw new AssertionError("mirror ended before listening:\n" + seen);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (r.readLine() != null) {
                  // keep the pipe from filling up
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "mirror-output-" + port);
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  /** Stops a daemon with SIGTERM and waits (bounded) for its clean exit. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit 60 s after SIGTERM");
  }

  public static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The file's text, or what kept it from being read, for assertion messages. */
  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
