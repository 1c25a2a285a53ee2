package dev.smfs.server.log;

/**
 * What opening the log found at its tail: the head segment, the byte length of its valid prefix,
 * how many bytes after it were cut (a torn or partial write), the last LSN kept, and why the scan
 * stopped ({@code "clean"} when nothing was cut). A read-only open cuts nothing: there {@code
 * cutBytes} is what a writable open would cut, or the damaged range when {@link #corrupt()}.
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

  /** Reason prefix of damage that a crash cannot explain (only a read-only open reports it). */
  public static final String CORRUPT_PREFIX = "corrupt ";

  /**
   * True when the head holds damage a crash cannot explain; a writable open refuses such a log, a
   * read-only one reports it here.
   */
  public boolean corrupt() {
    return reason.startsWith(CORRUPT_PREFIX);
  }

  /** True when recovery cut (or, read-only, would cut) a torn tail. */
  public boolean truncated() {
    return cutBytes > 0;
  }
}
