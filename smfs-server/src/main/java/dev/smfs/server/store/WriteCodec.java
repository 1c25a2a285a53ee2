package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of WRITE. The data follows a fixed header, so an extent can point at it by payload offset
 * without decoding.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 i64 file offset
 * 17 i64 time, ns (mtime/ctime)
 * 25 i32 data length n
 * 29 n bytes data
 * </pre>
 */
final class WriteCodec {
  static final int INO = 1;
  static final int OFFSET = INO + 8;
  static final int TIME = OFFSET + 8;
  static final int LENGTH = TIME + 8;
  static final int DATA = LENGTH + 4;

  private WriteCodec() {}

  /** The header only; the log record is {@code header} followed by the data buffer itself. */
  static ByteBuffer header(Op.Write op) {
    return new PayloadWriter(DATA)
        .i64(op.ino())
        .i64(op.offset())
        .i64(op.timeNs())
        .i32(op.data().remaining())
        .done();
  }

  /** The returned op's data is a read-only view into {@code payload}. */
  static Op.Write decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "WRITE");
    long ino = r.i64();
    long offset = r.i64();
    long time = r.i64();
    int len = r.i32();
    ByteBuffer data = r.rest();
    if (len != data.remaining()) {
      throw new MalformedPayloadException(
          "record=WRITE length=" + len + " actual=" + data.remaining());
    }
    try {
      return new Op.Write(ino, offset, time, data);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=WRITE " + e.getMessage());
    }
  }
}
