package dev.smfs.fuse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Test fixture: a volume mounted in-process through {@link SmfsFuse} at a directory of the test's,
 * either the product's log volume or the {@link InMemoryVolume} that the volume tests use as their
 * oracle. {@link #close} unmounts and, should that leave the mount in place, falls back to {@code
 * fusermount -u -z} so a failing test never leaves a mount behind.
 */
final class MountedFs implements AutoCloseable {
  private static final long CAPACITY = 512L << 20;

  private final Path mountPoint;
  private final Volume volume;
  private final FuseMount mount;

  private MountedFs(Path mountPoint, Volume volume, FuseMount mount) {
    this.mountPoint = mountPoint;
    this.volume = volume;
    this.mount = mount;
  }

  /** Skips the calling test (only) when this machine has no FUSE device. */
  static void assumeFuse() {
    assumeTrue(
        Files.exists(Path.of("/dev/fuse")),
        "/dev/fuse is absent: FUSE integration tests need a kernel with FUSE");
  }

  /** What a mount serves. */
  enum Backend {
    /**
     * The log-structured volume of a data directory, at local-sync: what {@code smfs mount} serves.
     */
    LOG,
    /** The in-memory reference volume. */
    MEMORY
  }

  /**
   * Mounts a fresh volume of {@code backend} at {@code mountPoint} (an empty directory); a log
   * volume keeps its data in {@code dataDir} (created).
   */
  static MountedFs mount(Backend backend, Path mountPoint, Path dataDir) {
    return switch (backend) {
      case LOG -> mountLog(mountPoint, dataDir, SafetyLevel.LOCAL_SYNC);
      case MEMORY -> mount(mountPoint);
    };
  }

  /** Mounts a fresh in-memory volume at {@code mountPoint} (an empty directory). */
  static MountedFs mount(Path mountPoint) {
    assumeFuse();
    Volume volume =
        new InMemoryVolume(Clock.systemUTC(), CAPACITY, InMemoryVolume.DEFAULT_MAX_INODES);
    FuseMount mount =
        FuseMount.mount(
            mountPoint,
            new OpenedVolume(volume, null),
            MountOptions.defaults(false),
            Duration.ofSeconds(20));
    return new MountedFs(mount.mountPoint(), volume, mount);
  }

  /**
   * Mounts the persistent volume of {@code dataDir} (created when new), as smfs mount does: at
   * local-sync and stronger the adapter answers fsync with ENOSYS, every change being durable
   * already.
   */
  static MountedFs mountLog(Path mountPoint, Path dataDir, SafetyLevel safety) {
    assumeFuse();
    OpenedVolume opened = VolumeOpener.logVolume(dataDir, safety);
    FuseMount mount =
        FuseMount.mount(
            mountPoint,
            opened,
            MountOptions.defaults(false),
            Duration.ofSeconds(20),
            FuseMetrics.noop(),
            safety != SafetyLevel.ASYNC);
    return new MountedFs(mount.mountPoint(), opened.volume(), mount);
  }

  Path root() {
    return mountPoint;
  }

  Volume volume() {
    return volume;
  }

  @Override
  public void close() {
    try {
      mount.close();
    } finally {
      forceUnmount(mountPoint);
    }
  }

  /** Last resort for a mount still listed: a lazy unmount, which cannot be refused as busy. */
  static void forceUnmount(Path mountPoint) {
    if (MountTable.isMounted(mountPoint)) {
      ProcessResult.run(
          List.of("fusermount", "-u", "-z", mountPoint.toString()), Duration.ofSeconds(10));
    }
  }
}
