package dev.smfs.server.index;

import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import java.nio.ByteBuffer;

/**
 * Index value of an inode (the key holds the ino).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 u8  type: 0 regular, 1 directory, 2 symlink
 *  2 i32 perm
 *  6 i32 nlink
 * 10 i32 uid
 * 14 i32 gid
 * 18 i64 size
 * 26 i64 atime ns
 * 34 i64 mtime ns
 * 42 i64 ctime ns
 * 50 end
 * </pre>
 */
final class InodeCodec {
  static final byte VERSION = 1;
  static final int TYPE = 1;
  static final int PERM = TYPE + 1;
  static final int NLINK = PERM + 4;
  static final int UID = NLINK + 4;
  static final int GID = UID + 4;
  static final int SIZE = GID + 4;
  static final int ATIME = SIZE + 8;
  static final int MTIME = ATIME + 8;
  static final int CTIME = MTIME + 8;
  static final int END = CTIME + 8;

  private InodeCodec() {}

  static byte[] encode(InodeAttr a) {
    return ByteBuffer.allocate(END)
        .put(VERSION)
        .put((byte) a.type().ordinal())
        .putInt(a.perm())
        .putInt(a.nlink())
        .putInt(a.uid())
        .putInt(a.gid())
        .putLong(a.size())
        .putLong(a.atimeNs())
        .putLong(a.mtimeNs())
        .putLong(a.ctimeNs())
        .array();
  }

  static InodeAttr decode(long ino, byte[] v) {
    if (v.length != END || v[0] != VERSION) {
      throw new IndexException("op=decode_inode ino=" + ino + " length=" + v.length);
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    FileType[] types = FileType.values();
    int t = b.get(TYPE);
    if (t < 0 || t >= types.length) {
      throw new IndexException("op=decode_inode ino=" + ino + " type=" + t);
    }
    return new InodeAttr(
        ino,
        types[t],
        b.getInt(PERM),
        b.getInt(NLINK),
        b.getInt(UID),
        b.getInt(GID),
        b.getLong(SIZE),
        b.getLong(ATIME),
        b.getLong(MTIME),
        b.getLong(CTIME));
  }
}
