package dev.smfs.server.ship;

import java.nio.ByteBuffer;
import java.util.Objects;

/** One record as it travels on a volume stream; the payload is a private heap buffer. */
public record Frame(long lsn, int type, ByteBuffer payload) {
  public Frame {
    Objects.requireNonNull(payload, "payload");
    if (lsn < 1 || type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("bad frame: lsn=" + lsn + " type=" + type);
    }
  }
}
