package dev.smfs.fuse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which process serves which mount point, so that {@code smfs umount} can wait for the daemon to
 * finish closing its volume (and release the data directory) before it returns. One small file per
 * mount point under {@code /run/smfs} (or the temp directory where /run is not writable), holding
 * the daemon's pid; written before mounting, deleted after the volume is closed.
 */
final class MountRegistry {
  private MountRegistry() {}

  static Path directory() {
    Path run = Path.of("/run");
    if (Files.isDirectory(run) && Files.isWritable(run)) {
      return run.resolve("smfs");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "smfs-run");
  }

  private static Path file(Path mountPoint) {
    String key = MountTable.canonical(mountPoint).toString();
    return directory().resolve(URLEncoder.encode(key, StandardCharsets.UTF_8) + ".pid");
  }

  static void register(Path mountPoint, long pid) {
    try {
      Files.createDirectories(directory());
      Files.writeString(file(mountPoint), Long.toString(pid));
    } catch (IOException e) {
      throw new MountException("cannot write mount record " + file(mountPoint) + ": " + e, e);
    }
  }

  /**
   * The pid of the daemon registered for {@code mountPoint}, if any (possibly no longer running).
   */
  static Optional<Long> daemonPid(Path mountPoint) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file(mountPoint)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Removes the record if it still names {@code pid} (a newer mount may have replaced it). */
  static void unregister(Path mountPoint, long pid) {
    if (daemonPid(mountPoint).filter(p -> p == pid).isPresent()) {
      try {
        Files.deleteIfExists(file(mountPoint));
      } catch (IOException e) {
        // A stale record only makes a later umount wait for a pid that is gone: harmless.
      }
    }
  }
}
