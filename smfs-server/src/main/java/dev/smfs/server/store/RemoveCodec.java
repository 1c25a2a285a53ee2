package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of UNLINK and RMDIR (the record type says which).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 parent ino
 *  9 i64 time, ns (parent mtime/ctime, inode ctime)
 * 17 u8  flags: bit 0 = keep the inode as an orphan if this was its last name (it is open)
 * 18 u16 name length n, then n bytes UTF-8 name
 * </pre>
 */
final class RemoveCodec {
  static final int PARENT = 1;
  static final int TIME = PARENT + 8;
  static final int FLAGS = TIME + 8;
  static final int NAME = FLAGS + 1;
  static final int FLAG_KEEP_ORPHAN = 1;

  private RemoveCodec() {}

  static ByteBuffer encode(Op.Remove op) {
    return new PayloadWriter(NAME + 2 + op.name().length())
        .i64(op.parent())
        .i64(op.timeNs())
        .u8(op.keepOrphan() ? FLAG_KEEP_ORPHAN : 0)
        .str(op.name())
        .done();
  }

  static Op.Remove decode(int type, ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, RecordType.name(type));
    long parent = r.i64();
    long time = r.i64();
    int flags = r.u8();
    if ((flags & ~FLAG_KEEP_ORPHAN) != 0) {
      // Unknown bits may mean something to a newer writer: reject rather than silently drop them.
      throw new MalformedPayloadException(
          "record=" + RecordType.name(type) + " flags=0x" + Integer.toHexString(flags));
    }
    String name = r.str();
    r.end();
    try {
      return new Op.Remove(type, parent, name, time, (flags & FLAG_KEEP_ORPHAN) != 0);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=" + RecordType.name(type) + " " + e.getMessage());
    }
  }
}
