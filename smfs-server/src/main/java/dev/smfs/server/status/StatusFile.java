package dev.smfs.server.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code DATA/status.json}: written by a running daemon, read by {@code smfs status --data} even
 * while the daemon holds the volume lock. A write goes to {@code status.json.tmp} and is renamed
 * over the file, so a reader sees a whole old or a whole new document, never a torn one. The file
 * is not fsynced: it describes a running process and means nothing after a crash.
 *
 * <p>Thread-safe as long as one process writes a directory's file (a second writer would race on
 * the temporary file).
 */
public final class StatusFile {
  public static final String FILE_NAME = "status.json";
  static final String TEMP_NAME = "status.json.tmp";

  private StatusFile() {}

  public static Path pathIn(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /**
   * Replaces {@code DATA/status.json} atomically.
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public static void write(Path dataDir, StatusReport report) {
    Path target = pathIn(dataDir);
    Path temp = dataDir.resolve(TEMP_NAME);
    try {
      Files.writeString(temp, StatusCodec.encode(report) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("status file not written: file=" + target, e);
    }
  }

  /**
   * Reads {@code DATA/status.json}; empty when there is none (no daemon ran, or it stopped
   * cleanly).
   *
   * @throws StatusFileException naming the file when it exists but cannot be read or parsed
   */
  public static Optional<StatusReport> read(Path dataDir) {
    Path file = pathIn(dataDir);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StatusFileException("status file unreadable: file=" + file, e);
    }
    try {
      return Optional.of(StatusCodec.decode(text));
    } catch (IllegalArgumentException e) {
      throw new StatusFileException(
          "status file corrupt: file=" + file + " problem=" + e.getMessage(), e);
    }
  }

  /** Removes the file (a daemon stopping cleanly); absent is fine. */
  public static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(pathIn(dataDir));
      Files.deleteIfExists(dataDir.resolve(TEMP_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("status file not deleted: file=" + pathIn(dataDir), e);
    }
  }
}
