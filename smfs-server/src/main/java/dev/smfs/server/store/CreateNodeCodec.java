package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of CREATE, MKDIR and SYMLINK (the record type says which).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 parent ino
 *  9 i64 new ino
 * 17 i64 directory cookie of the new entry
 * 25 i32 perm (07777 bits)
 * 29 i32 uid
 * 33 i32 gid
 * 37 i64 time, ns since epoch (atime = mtime = ctime of the new inode; parent mtime/ctime)
 * 45 u16 name length n, then n bytes UTF-8 name
 *    u16 target length t, then t bytes UTF-8 symlink target (t = 0 unless SYMLINK)
 * </pre>
 */
final class CreateNodeCodec {
  static final int PARENT = 1;
  static final int INO = PARENT + 8;
  static final int COOKIE = INO + 8;
  static final int PERM = COOKIE + 8;
  static final int UID = PERM + 4;
  static final int GID = UID + 4;
  static final int TIME = GID + 4;
  static final int NAME = TIME + 8;

  private CreateNodeCodec() {}

  static ByteBuffer encode(Op.CreateNode op) {
    return new PayloadWriter(NAME + 4 + op.name().length() + op.target().length())
        .i64(op.parent())
        .i64(op.ino())
        .i64(op.cookie())
        .i32(op.perm())
        .i32(op.uid())
        .i32(op.gid())
        .i64(op.timeNs())
        .str(op.name())
        .str(op.target())
        .done();
  }

  static Op.CreateNode decode(int type, ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, RecordType.name(type));
    long parent = r.i64();
    long ino = r.i64();
    long cookie = r.i64();
    int perm = r.i32();
    int uid = r.i32();
    int gid = r.i32();
    long time = r.i64();
    String name = r.str();
    String target = r.str();
    r.end();
    try {
      return new Op.CreateNode(type, parent, name, ino, cookie, perm, uid, gid, time, target);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=" + RecordType.name(type) + " " + e.getMessage());
    }
  }
}
