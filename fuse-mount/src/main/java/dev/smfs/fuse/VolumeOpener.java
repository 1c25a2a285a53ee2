package dev.smfs.fuse;

import dev.smfs.server.volume.InMemoryVolume;
import java.nio.file.Path;
import java.time.Clock;

/**
 * How {@code smfs mount} opens the volume of a data directory: the seam between the mount lifecycle
 * and the volume implementation. It must refuse (with {@link MountException}) a data directory
 * another process is serving.
 */
@FunctionalInterface
public interface VolumeOpener {
  OpenedVolume open(Path dataDir, SafetyLevel safety);

  /** The opener the command line uses. */
  static VolumeOpener standard() {
    return VolumeOpener::inMemory;
  }

  /**
   * A volume held in this process's memory, guarded by {@code DATA/mount.lock}; its contents are
   * lost when the process exits, so every safety level behaves as async. Capacity is three quarters
   * of the maximum heap, so a full volume answers ENOSPC before the JVM runs out.
   */
  static OpenedVolume inMemory(Path dataDir, SafetyLevel safety) {
    DataDirLock lock = DataDirLock.acquire(dataDir);
    long capacity = Runtime.getRuntime().maxMemory() / 4 * 3;
    return new OpenedVolume(
        new InMemoryVolume(Clock.systemUTC(), capacity, InMemoryVolume.DEFAULT_MAX_INODES), lock);
  }
}
