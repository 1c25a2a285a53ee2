package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A log record or segment header failed validation: bad magic or sync byte, impossible length, CRC
 * mismatch, or an LSN out of sequence. Thrown instead of ever returning wrong bytes. The message is
 * a list of key=value facts; {@link #expectedCrc()} and {@link #actualCrc()} are -1 when the
 * failure is not a CRC mismatch.
 */
public final class CorruptRecordException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long offset;
  private final String reason;
  private final long expectedCrc;
  private final long actualCrc;

  public CorruptRecordException(Path file, long offset, String reason) {
    this(file, offset, reason, -1, -1);
  }

  public CorruptRecordException(
      Path file, long offset, String reason, long expectedCrc, long actualCrc) {
    super(message(file, offset, reason, expectedCrc, actualCrc));
    this.file = file;
    this.offset = offset;
    this.reason = reason;
    this.expectedCrc = expectedCrc;
    this.actualCrc = actualCrc;
  }

  private static String message(
      Path file, long offset, String reason, long expectedCrc, long actualCrc) {
    String m = "corrupt log record: file=" + file + " offset=" + offset + " reason=" + reason;
    if (expectedCrc >= 0) {
      m += String.format(" expectedCrc=0x%08x actualCrc=0x%08x", expectedCrc, actualCrc);
    }
    return m;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }

  public long expectedCrc() {
    return expectedCrc;
  }

  public long actualCrc() {
    return actualCrc;
  }
}
