package dev.smfs.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian field writer shared by the payload codecs. Every payload starts with the one-byte
 * format {@link #VERSION}. Not thread-safe; one per encoding.
 */
final class PayloadWriter {
  /** Format version written as the first byte of every payload. */
  static final byte VERSION = 1;

  private ByteBuffer buf;

  PayloadWriter(int sizeHint) {
    buf = ByteBuffer.allocate(Math.max(16, sizeHint));
    buf.put(VERSION);
  }

  private void ensure(int n) {
    if (buf.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }

  PayloadWriter u8(int v) {
    ensure(1);
    buf.put((byte) v);
    return this;
  }

  PayloadWriter i32(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  PayloadWriter i64(long v) {
    ensure(8);
    buf.putLong(v);
    return this;
  }

  /** u16 byte length, then UTF-8 bytes. */
  PayloadWriter str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string bytes=" + b.length + " > 65535");
    }
    ensure(2 + b.length);
    buf.putShort((short) b.length);
    buf.put(b);
    return this;
  }

  /** u32 byte length, then the bytes. */
  PayloadWriter bytes(byte[] b) {
    ensure(4 + b.length);
    buf.putInt(b.length);
    buf.put(b);
    return this;
  }

  /** The encoded payload, positioned at 0. */
  ByteBuffer done() {
    return buf.flip();
  }
}
