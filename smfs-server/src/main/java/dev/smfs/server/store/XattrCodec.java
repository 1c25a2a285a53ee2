package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of SETXATTR and REMOVEXATTR (the record type says which; REMOVEXATTR has no value).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 i64 time, ns (inode ctime)
 * 17 u16 name length n, then n bytes UTF-8 name
 *    SETXATTR only: i32 value length v, then v bytes value
 * </pre>
 */
final class XattrCodec {
  static final int INO = 1;
  static final int TIME = INO + 8;
  static final int NAME = TIME + 8;

  private XattrCodec() {}

  static ByteBuffer encode(Op.Xattr op) {
    PayloadWriter w =
        new PayloadWriter(
                NAME + 6 + op.name().length() + (op.value() == null ? 0 : op.value().length))
            .i64(op.ino())
            .i64(op.timeNs())
            .str(op.name());
    if (op.value() != null) {
      w.bytes(op.value());
    }
    return w.done();
  }

  static Op.Xattr decode(int type, ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, RecordType.name(type));
    long ino = r.i64();
    long time = r.i64();
    String name = r.str();
    byte[] value = type == RecordType.SETXATTR ? r.bytes() : null;
    r.end();
    try {
      return new Op.Xattr(ino, name, value, time);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=" + RecordType.name(type) + " " + e.getMessage());
    }
  }
}
