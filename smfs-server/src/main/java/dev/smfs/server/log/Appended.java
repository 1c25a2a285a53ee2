package dev.smfs.server.log;

import java.util.Objects;

/**
 * The result of an append: the LSN assigned, where the record starts, and its whole length on disk
 * (header plus payload). The record is written but not yet durable; see {@link
 * Log#awaitDurable(long)}.
 */
public record Appended(long lsn, LogAddress address, int length) {
  public Appended {
    Objects.requireNonNull(address, "address");
    if (lsn < 1) {
      throw new IllegalArgumentException("lsn must be >= 1: lsn=" + lsn);
    }
    if (length < SegmentFormat.RECORD_HEADER_BYTES) {
      throw new IllegalArgumentException("length below record header size: length=" + length);
    }
  }
}
