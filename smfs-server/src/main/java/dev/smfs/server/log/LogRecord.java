package dev.smfs.server.log;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A record read back from the log, its CRC verified. The payload is a read-only buffer owned by the
 * caller (a private copy; it does not alias any log-internal buffer).
 */
public record LogRecord(long lsn, int type, LogAddress address, ByteBuffer payload) {
  public LogRecord {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(payload, "payload");
    if (lsn < 1) {
      throw new IllegalArgumentException("lsn must be >= 1: lsn=" + lsn);
    }
    SegmentFormat.checkType(type);
    if (!payload.isReadOnly()) {
      payload = payload.asReadOnlyBuffer();
    }
  }

  /** Whole record length on disk: header plus payload. */
  public int length() {
    return SegmentFormat.RECORD_HEADER_BYTES + payload.remaining();
  }
}
