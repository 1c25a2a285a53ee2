package dev.smfs.server.index;

import java.nio.ByteBuffer;

/**
 * Index value of an extent (the key holds ino and file offset).
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 segment id of the record holding the data
 *  9 i64 offset of that record in the segment
 * 17 i32 offset of the extent's first byte in the record payload
 * 21 i32 length
 * 25 i64 LSN of the record
 * 33 end
 * </pre>
 */
final class ExtentCodec {
  static final byte VERSION = 1;
  static final int SEGMENT = 1;
  static final int RECORD_OFFSET = SEGMENT + 8;
  static final int DATA_OFFSET = RECORD_OFFSET + 8;
  static final int LENGTH = DATA_OFFSET + 4;
  static final int LSN = LENGTH + 4;
  static final int END = LSN + 8;

  private ExtentCodec() {}

  static byte[] encode(Extent e) {
    return ByteBuffer.allocate(END)
        .put(VERSION)
        .putLong(e.segmentId())
        .putLong(e.recordOffset())
        .putInt(e.dataOffset())
        .putInt(e.length())
        .putLong(e.lsn())
        .array();
  }

  static Extent decode(long ino, long fileOffset, byte[] v) {
    if (v.length != END || v[0] != VERSION) {
      throw new IndexException(
          "op=decode_extent ino=" + ino + " offset=" + fileOffset + " length=" + v.length);
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return new Extent(
        ino,
        fileOffset,
        b.getLong(SEGMENT),
        b.getLong(RECORD_OFFSET),
        b.getInt(DATA_OFFSET),
        b.getInt(LENGTH),
        b.getLong(LSN));
  }
}
