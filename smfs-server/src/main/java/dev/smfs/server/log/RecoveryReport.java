package dev.smfs.server.log;

/**
 * What opening the log found at its tail: the head segment, the byte length of its valid prefix,
 * how many bytes after it were cut (a torn or partial write), the last LSN kept, and why the scan
 * stopped ({@code "clean"} when nothing was cut).
 */
public record RecoveryReport(
    long headSegmentId, long validBytes, long cutBytes, long lastLsn, String reason) {
  public RecoveryReport {
    if (validBytes < SegmentFormat.FILE_HEADER_BYTES || cutBytes < 0 || lastLsn < 0) {
      throw new IllegalArgumentException(
          "bad recovery report: validBytes="
              + validBytes
              + " cutBytes="
              + cutBytes
              + " lastLsn="
              + lastLsn);
    }
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("reason must be given");
    }
  }

  /** True when recovery cut a torn tail. */
  public boolean truncated() {
    return cutBytes > 0;
  }
}
