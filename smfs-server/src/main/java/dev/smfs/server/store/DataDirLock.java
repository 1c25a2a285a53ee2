package dev.smfs.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An exclusive lock on {@code dataDir/LOCK} so that one process at a time opens a data directory.
 * The OS drops it if the process dies. Not reentrant: a second open in the same JVM fails too.
 */
public final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "LOCK";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dataDir} (and missing parents) unless it exists; the data directory itself is
   * created with mode 0700 where the file system has POSIX permissions, since it holds every byte
   * of the volume. An existing directory is left as it is.
   */
  public static void createOwnerOnly(Path dataDir) throws IOException {
    if (Files.isDirectory(dataDir)) {
      return;
    }
    Path parent = dataDir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.getFileStore(parent).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.createDirectory(
          dataDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(dataDir);
    }
  }

  public static DataDirLock acquire(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      ch.close();
      throw new IOException("data directory is in use by another volume: lock=" + file);
    }
    return new DataDirLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
