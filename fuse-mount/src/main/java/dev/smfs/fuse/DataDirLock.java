package dev.smfs.fuse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code DATA/mount.lock}, held for as long as a process serves the data
 * directory, so that a second mount of the same directory is refused instead of corrupting it. The
 * lock is an OS file lock: it goes away with the process, so a crash never leaves it stale. Used
 * for volumes that do not lock their directory themselves (the in-memory volume).
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "mount.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or throws {@link MountException} saying the directory is in use. */
  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir);
      }
      return new DataDirLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(dataDir);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new MountException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
    } catch (MountException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static MountException inUse(Path dataDir) {
    return new MountException("data directory " + dataDir + " is in use by another smfs process");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing; the first error is the one to report.
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new MountException("cannot release " + FILE_NAME + ": " + e.getMessage(), e);
    }
  }
}
