package dev.smfs.server.index;

import dev.smfs.server.volume.FileType;
import java.nio.ByteBuffer;

/**
 * Index value of a directory entry (the key holds parent and name).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 u8  type: 0 regular, 1 directory, 2 symlink
 * 10 i64 cookie
 * 18 end
 * </pre>
 */
final class DirentCodec {
  static final byte VERSION = 1;
  static final int INO = 1;
  static final int TYPE = INO + 8;
  static final int COOKIE = TYPE + 1;
  static final int END = COOKIE + 8;

  private DirentCodec() {}

  static byte[] encode(Dirent d) {
    return ByteBuffer.allocate(END)
        .put(VERSION)
        .putLong(d.ino())
        .put((byte) d.type().ordinal())
        .putLong(d.cookie())
        .array();
  }

  static Dirent decode(byte[] v) {
    if (v.length != END || v[0] != VERSION) {
      throw new IndexException("op=decode_dirent length=" + v.length);
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    int t = b.get(TYPE);
    FileType[] types = FileType.values();
    if (t < 0 || t >= types.length) {
      throw new IndexException("op=decode_dirent type=" + t);
    }
    return new Dirent(b.getLong(INO), types[t], b.getLong(COOKIE));
  }
}
