package dev.smfs.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian field reader shared by the payload codecs; reads a duplicate, so the caller's buffer
 * position is untouched. Every failure is a {@link MalformedPayloadException} naming the record
 * type and offset.
 */
final class PayloadReader {
  private final ByteBuffer buf;
  private final String what;

  /** Checks the version byte of {@code payload} (position to limit). */
  PayloadReader(ByteBuffer payload, String what) {
    this.buf = payload.duplicate();
    this.what = what;
    byte version = need(1).get();
    if (version != PayloadWriter.VERSION) {
      throw new MalformedPayloadException(
          "record=" + what + " version=" + version + " expected=" + PayloadWriter.VERSION);
    }
  }

  private ByteBuffer need(int n) {
    if (buf.remaining() < n) {
      throw new MalformedPayloadException(
          "record=" + what + " truncated_at=" + buf.position() + " need=" + n);
    }
    return buf;
  }

  int u8() {
    return need(1).get() & 0xFF;
  }

  int i32() {
    return need(4).getInt();
  }

  long i64() {
    return need(8).getLong();
  }

  String str() {
    int len = need(2).getShort() & 0xFFFF;
    ByteBuffer slice = need(len).slice().limit(len);
    buf.position(buf.position() + len);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedPayloadException("record=" + what + " bad_utf8", e);
    }
  }

  byte[] bytes() {
    int len = i32();
    if (len < 0) {
      throw new MalformedPayloadException("record=" + what + " negative_length=" + len);
    }
    // Check before allocating: a corrupt length must not allocate up to 2 GiB (found by fuzzing).
    ByteBuffer src = need(len);
    byte[] b = new byte[len];
    src.get(b);
    return b;
  }

  /** The remaining bytes as a read-only slice sharing the payload's memory. */
  ByteBuffer rest() {
    return buf.slice().asReadOnlyBuffer();
  }

  /** Throws unless the whole payload was consumed. */
  void end() {
    if (buf.hasRemaining()) {
      throw new MalformedPayloadException(
          "record=" + what + " trailing_bytes=" + buf.remaining() + " at=" + buf.position());
    }
  }
}
