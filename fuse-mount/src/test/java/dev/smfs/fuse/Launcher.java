package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, {@code deploy/bin/smfs}, which runs the packaged {@code
 * fuse-mount/target/smfs.jar}: one-shot commands and foreground mounts for the integration tests.
 */
final class Launcher {
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

  /** The file's text, or what kept it from being read, for assertion messages. */
  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
