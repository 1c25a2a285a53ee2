package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of SETATTR; times are resolved (never {@code UTIME_NOW}). Fields whose mask bit is clear
 * are written as 0 and ignored.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 i32 mask: PERM=1 UID=2 GID=4 SIZE=8 ATIME=16 MTIME=32
 * 13 i32 perm
 * 17 i32 uid
 * 21 i32 gid
 * 25 i64 size (a change truncates or extends with a hole)
 * 33 i64 atime ns
 * 41 i64 mtime ns
 * 49 i64 ctime ns (always applied)
 * 57 end
 * </pre>
 */
final class SetAttrCodec {
  static final int INO = 1;
  static final int MASK = INO + 8;
  static final int PERM = MASK + 4;
  static final int UID = PERM + 4;
  static final int GID = UID + 4;
  static final int SIZE = GID + 4;
  static final int ATIME = SIZE + 8;
  static final int MTIME = ATIME + 8;
  static final int CTIME = MTIME + 8;
  static final int END = CTIME + 8;

  static final int M_PERM = 1;
  static final int M_UID = 2;
  static final int M_GID = 4;
  static final int M_SIZE = 8;
  static final int M_ATIME = 16;
  static final int M_MTIME = 32;
  static final int M_ALL = 63;

  private SetAttrCodec() {}

  static ByteBuffer encode(Op.SetAttrs op) {
    return new PayloadWriter(END)
        .i64(op.ino())
        .i32(op.mask())
        .i32(op.perm())
        .i32(op.uid())
        .i32(op.gid())
        .i64(op.size())
        .i64(op.atimeNs())
        .i64(op.mtimeNs())
        .i64(op.ctimeNs())
        .done();
  }

  static Op.SetAttrs decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "SETATTR");
    long ino = r.i64();
    int mask = r.i32();
    if ((mask & ~M_ALL) != 0) {
      throw new MalformedPayloadException("record=SETATTR mask=" + Integer.toHexString(mask));
    }
    int perm = r.i32();
    int uid = r.i32();
    int gid = r.i32();
    long size = r.i64();
    long atime = r.i64();
    long mtime = r.i64();
    long ctime = r.i64();
    r.end();
    try {
      return new Op.SetAttrs(ino, mask, perm, uid, gid, size, atime, mtime, ctime);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=SETATTR " + e.getMessage());
    }
  }
}
