package dev.smfs.server.log;

import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * Reads records in LSN order across segments, verifying every CRC and the LSN sequence. Not
 * thread-safe: one scanner belongs to one thread. A scanner that reaches the head segment follows
 * it: {@link #hasNext()} returns true again once more records have been appended.
 */
public interface LogScanner extends Closeable {
  /**
   * True when a next record is available now.
   *
   * @throws CorruptRecordException if the next record is invalid (sealed or head segment alike: the
   *     recovered log holds only whole, valid records)
   */
  boolean hasNext() throws IOException;

  /**
   * The next record.
   *
   * @throws NoSuchElementException if {@link #hasNext()} would return false
   */
  LogRecord next() throws IOException;

  /** Releases nothing shared; idempotent. */
  @Override
  void close();
}
