package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An append refused because the log's file system is (nearly) full. Nothing of the record is in the
 * log and the log stays usable: appends succeed again once space is freed.
 */
public final class LogFullException extends IOException {
  private static final long serialVersionUID = 1L;

  LogFullException(
      Path dir, long recordBytes, long usableBytes, long reserveBytes, Throwable cause) {
    super(
        "log file system full: dir="
            + dir
            + " recordBytes="
            + recordBytes
            + " usableBytes="
            + usableBytes
            + " reserveBytes="
            + reserveBytes,
        cause);
  }
}
