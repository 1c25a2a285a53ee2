package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free-space guard of one log directory. An append must leave {@link #RESERVE_BYTES} free, so the
 * index (RocksDB, same data directory), segment headers and the directory itself can still be
 * written when the log is refused: a full disk then fails appends cleanly instead of failing the
 * index half-way. The guard is an early refusal only; a write that still hits ENOSPC is cut back by
 * the log (see {@link SegmentedLog}).
 *
 * <p>The reserve (1 MiB) is small against any real disk; it keeps room for segment headers and the
 * index's small writes, it does not guarantee them (an index write that still fails makes the
 * volume fail until reopened).
 *
 * <p>{@code statvfs} runs at most once per {@link #CHECK_EVERY_BYTES} appended while more than
 * {@link #SLACK_BYTES} were free at the last check, and before every append below that. Guarded by
 * the log's append lock.
 */
final class FreeSpace {
  static final long RESERVE_BYTES = 1L << 20;
  static final long SLACK_BYTES = 64L << 20;
  static final long CHECK_EVERY_BYTES = 1L << 20;

  private final Path dir;
  private final FileStore store;
  private final long reserveBytes;
  private long usableAtCheck;
  private long appendedSinceCheck = Long.MAX_VALUE / 2;

  FreeSpace(Path dir, long reserveBytes) throws IOException {
    this.dir = dir;
    this.reserveBytes = reserveBytes;
    this.store = Files.getFileStore(dir);
  }

  /** Refuses an append of {@code recordBytes} that would eat into the reserve. */
  void reserve(long recordBytes) throws IOException {
    if (usableAtCheck - appendedSinceCheck < SLACK_BYTES
        || appendedSinceCheck >= CHECK_EVERY_BYTES) {
      usableAtCheck = store.getUsableSpace();
      appendedSinceCheck = 0;
    }
    if (usableAtCheck - appendedSinceCheck - recordBytes < reserveBytes) {
      throw new LogFullException(
          dir, recordBytes, usableAtCheck - appendedSinceCheck, reserveBytes, null);
    }
  }

  void appended(long recordBytes) {
    appendedSinceCheck += recordBytes;
  }

  /** Whether {@code e}, thrown by a write, means the file system is full. */
  boolean isFull(IOException e) throws IOException {
    String m = e.getMessage();
    return (m != null && m.contains("No space left on device"))
        || store.getUsableSpace() < Math.max(reserveBytes, 1);
  }

  /** The failure to report for a write that hit a full file system (cut back already). */
  LogFullException full(long recordBytes, IOException cause) throws IOException {
    appendedSinceCheck = Long.MAX_VALUE / 2;
    return new LogFullException(dir, recordBytes, store.getUsableSpace(), reserveBytes, cause);
  }
}
