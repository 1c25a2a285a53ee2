package dev.smfs.server.log;

/**
 * Where a record lives: its segment and the offset of the record's first byte (its header) in the
 * segment file.
 */
public record LogAddress(long segmentId, long offset) {
  public LogAddress {
    if (segmentId < 1) {
      throw new IllegalArgumentException("segmentId must be >= 1: segmentId=" + segmentId);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0: offset=" + offset);
    }
  }
}
