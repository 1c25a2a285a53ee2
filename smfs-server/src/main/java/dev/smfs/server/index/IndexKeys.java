package dev.smfs.server.index;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layouts of the index: one tag byte naming the table, then big-endian fields so that byte
 * order is numeric order. All tables share one RocksDB column family, so a memtable flush always
 * persists a consistent prefix of batches.
 *
 * <pre>
 * 'M' meta name (ASCII)           -> i64            applied LSN, next ino, volume facts
 * 'I' ino                         -> {@link InodeCodec}
 * 'L' ino                         -> UTF-8 symlink target
 * 'P' directory ino               -> i64 parent directory ino (the root is its own parent)
 * 'D' parent, name (UTF-8)        -> {@link DirentCodec}   dirent by name
 * 'C' parent, cookie              -> UTF-8 name           readdir order
 * 'N' parent                      -> i64 next cookie of the directory
 * 'E' ino, file offset            -> {@link ExtentCodec}
 * 'X' ino, name (UTF-8)           -> value bytes
 * 'S' segment id                  -> i64 live data bytes in the segment
 * </pre>
 */
final class IndexKeys {
  static final byte META = 'M';
  static final byte INODE = 'I';
  static final byte SYMLINK = 'L';
  static final byte PARENT = 'P';
  static final byte DIRENT = 'D';
  static final byte COOKIE = 'C';
  static final byte NEXT_COOKIE = 'N';
  static final byte EXTENT = 'E';
  static final byte XATTR = 'X';
  static final byte LIVE = 'S';

  private IndexKeys() {}

  static byte[] tag(byte tag) {
    return new byte[] {tag};
  }

  static byte[] meta(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + n.length).put(META).put(n).array();
  }

  static byte[] id(byte tag, long id) {
    return ByteBuffer.allocate(9).put(tag).putLong(id).array();
  }

  static byte[] idId(byte tag, long a, long b) {
    return ByteBuffer.allocate(17).put(tag).putLong(a).putLong(b).array();
  }

  static byte[] idName(byte tag, long id, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + n.length).put(tag).putLong(id).put(n).array();
  }

  /** The first long after the tag. */
  static long firstId(byte[] key) {
    return ByteBuffer.wrap(key, 1, 8).getLong();
  }

  /** The second long after the tag. */
  static long secondId(byte[] key) {
    return ByteBuffer.wrap(key, 9, 8).getLong();
  }

  /** The UTF-8 name after the tag and one long. */
  static String nameAfterId(byte[] key) {
    return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
  }

  static byte[] i64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long i64(byte[] v) {
    if (v.length != 8) {
      throw new IndexException("op=decode_i64 length=" + v.length);
    }
    return ByteBuffer.wrap(v).getLong();
  }
}
