package dev.smfs.fuse;

import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.DataDirLock;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.InMemoryVolume;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
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
    return VolumeOpener::logVolume;
  }

  /** {@link #standard()} with the log's meters ({@link LogMetrics}) in {@code registry}. */
  static VolumeOpener standard(MeterRegistry registry) {
    return (dataDir, safety) -> logVolume(dataDir, safety, new LogMetrics(registry));
  }

  /**
   * The log-structured volume persisted in {@code dataDir} (created when new), which locks the
   * directory itself ({@code DATA/LOCK}) for as long as it is open.
   */
  static OpenedVolume logVolume(Path dataDir, SafetyLevel safety) {
    return logVolume(dataDir, safety, LogMetrics.noop());
  }

  private static OpenedVolume logVolume(Path dataDir, SafetyLevel safety, LogMetrics metrics) {
    checkNotInUse(dataDir);
    try {
      return new OpenedVolume(
          LogVolume.open(
              dataDir,
              VolumeConfig.defaults().withPreallocation(safety != SafetyLevel.ASYNC),
              Clock.systemUTC(),
              durability(safety),
              metrics),
          null);
    } catch (IOException e) {
      throw new MountException("cannot open volume in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A volume held in this process's memory, for benchmarks and tests: its contents are lost when
   * the process exits, whatever the safety level. The data directory is locked all the same.
   * Capacity is three quarters of the maximum heap, so a full volume answers ENOSPC before the JVM
   * runs out of memory.
   */
  static OpenedVolume inMemory(Path dataDir, SafetyLevel safety) {
    checkNotInUse(dataDir);
    DataDirLock lock;
    try {
      Files.createDirectories(dataDir);
      lock = DataDirLock.acquire(dataDir);
    } catch (IOException e) {
      throw inUse(dataDir);
    }
    long capacity = Runtime.getRuntime().maxMemory() / 4 * 3;
    return new OpenedVolume(
        new InMemoryVolume(Clock.systemUTC(), capacity, InMemoryVolume.DEFAULT_MAX_INODES), lock);
  }

  /** Throws a one-line "in use" {@link MountException} if another process holds the directory. */
  static void checkNotInUse(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      return; // Nothing serves a directory that does not exist yet.
    }
    try {
      DataDirLock.acquire(dataDir).close();
    } catch (IOException e) {
      throw inUse(dataDir);
    }
  }

  private static MountException inUse(Path dataDir) {
    return new MountException("data directory " + dataDir + " is in use by another smfs process");
  }

  /** The store's durability for a level; the mirrored levels need the mirror, not built yet. */
  static Durability durability(SafetyLevel safety) {
    return switch (safety) {
      case ASYNC -> Durability.ASYNC;
      case LOCAL_SYNC -> Durability.LOCAL_SYNC;
      case NETWORK_SYNC, REMOTE_SYNC ->
          throw new MountException("--safety " + safety.cliName() + " needs a mirror");
    };
  }
}
