package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of RENAME.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 parent ino
 *  9 i64 new parent ino
 * 17 i64 directory cookie of the entry in the new parent
 * 25 i64 time, ns (ctime of the moved inode, mtime/ctime of both parents)
 * 33 u8  flags: bit 0 = keep a replaced inode that loses its last name as an orphan (it is open)
 * 34 u16 name length n, then n bytes UTF-8 old name
 *    u16 name length m, then m bytes UTF-8 new name
 * </pre>
 */
final class RenameCodec {
  static final int PARENT = 1;
  static final int NEW_PARENT = PARENT + 8;
  static final int COOKIE = NEW_PARENT + 8;
  static final int TIME = COOKIE + 8;
  static final int FLAGS = TIME + 8;
  static final int NAMES = FLAGS + 1;
  static final int FLAG_KEEP_ORPHAN = 1;

  private RenameCodec() {}

  static ByteBuffer encode(Op.Rename op) {
    return new PayloadWriter(NAMES + 4 + op.name().length() + op.newName().length())
        .i64(op.parent())
        .i64(op.newParent())
        .i64(op.cookie())
        .i64(op.timeNs())
        .u8(op.keepOrphan() ? FLAG_KEEP_ORPHAN : 0)
        .str(op.name())
        .str(op.newName())
        .done();
  }

  static Op.Rename decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "RENAME");
    long parent = r.i64();
    long newParent = r.i64();
    long cookie = r.i64();
    long time = r.i64();
    int flags = r.u8();
    if ((flags & ~FLAG_KEEP_ORPHAN) != 0) {
      // Unknown bits may mean something to a newer writer: reject rather than silently drop them.
      throw new MalformedPayloadException("record=RENAME flags=0x" + Integer.toHexString(flags));
    }
    String name = r.str();
    String newName = r.str();
    r.end();
    try {
      return new Op.Rename(
          parent, name, newParent, newName, cookie, time, (flags & FLAG_KEEP_ORPHAN) != 0);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=RENAME " + e.getMessage());
    }
  }
}
