package dev.smfs.server.log;

/**
 * A snapshot of one segment file. An empty segment (only possible for the head) has {@code lastLsn
 * == firstLsn - 1}. {@code sizeBytes} counts the file header and every whole record.
 */
public record SegmentInfo(long id, long firstLsn, long lastLsn, long sizeBytes, boolean sealed) {
  public SegmentInfo {
    if (id < 1) {
      throw new IllegalArgumentException("id must be >= 1: id=" + id);
    }
    if (firstLsn < 1 || lastLsn < firstLsn - 1) {
      throw new IllegalArgumentException(
          "bad LSN range: id=" + id + " firstLsn=" + firstLsn + " lastLsn=" + lastLsn);
    }
    if (sizeBytes < SegmentFormat.FILE_HEADER_BYTES) {
      throw new IllegalArgumentException("size below file header: id=" + id + " size=" + sizeBytes);
    }
  }

  /** Number of records in the segment. */
  public long recordCount() {
    return lastLsn - firstLsn + 1;
  }
}
