package dev.smfs.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A size-limited tmpfs mounted for a full-disk test ({@code mount -t tmpfs -o size=...}). Mounting
 * needs root: without it the calling test is skipped (an assumption) with the reason. {@link
 * #close()} unmounts, lazily if something still holds a file there (seen: EBUSY right after a
 * close).
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path dir;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} (e.g. "16m") on a new directory {@code parent/fs}. */
  public static SmallTmpfs mount(Path parent, String size)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(parent.resolve("fs"));
    int rc = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (need root): mount rc=" + rc);
    return new SmallTmpfs(dir);
  }

  public Path path() {
    return dir;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
      throw new IOException("cannot unmount the test tmpfs: dir=" + dir);
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
