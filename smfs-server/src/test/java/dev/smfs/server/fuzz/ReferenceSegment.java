package dev.smfs.server.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An independent reading of the segment file format as documented in the log package's {@code
 * SegmentFormat} javadoc (file header of 36 bytes; records of a 20-byte header and a payload,
 * CRC32C over the payload then header bytes [0, 16)), written from the javadoc rather than from the
 * code, to serve as the fuzz oracle. Also writes valid headers and records for the structured
 * inputs.
 */
final class ReferenceSegment {
  static final byte[] MAGIC = "SMFSLOG\0".getBytes(StandardCharsets.US_ASCII);
  static final int FILE_HEADER_BYTES = 36;
  static final int RECORD_HEADER_BYTES = 20;
  static final int SYNC = 0xA5;

  private ReferenceSegment() {}

  record Header(long segmentId, long firstLsn) {}

  record Rec(long offset, long lsn, int type, byte[] payload) {
    long end() {
      return offset + RECORD_HEADER_BYTES + payload.length;
    }

    boolean sameAs(long offset, long lsn, int type, ByteBuffer payload) {
      byte[] p = new byte[payload.remaining()];
      payload.duplicate().get(p);
      return this.offset == offset
          && this.lsn == lsn
          && this.type == type
          && Arrays.equals(p, this.payload);
    }
  }

  /**
   * The valid prefix of a segment: records from the header on while each is whole, well framed,
   * passes its CRC and carries the next LSN. {@code lsnBreak} says the walk stopped at a record
   * that is valid except for its LSN (which is corruption, not a torn write).
   */
  record Prefix(List<Rec> records, long end, boolean lsnBreak) {}

  /** The file header, or {@code null} when short, of bad magic, CRC, version or values. */
  static Header header(byte[] f) {
    if (f.length < FILE_HEADER_BYTES || !Arrays.equals(f, 0, 8, MAGIC, 0, 8)) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(f);
    if (Integer.toUnsignedLong(b.getInt(32)) != crc(f, 0, 32) || b.getShort(8) != 1) {
      return null;
    }
    long id = b.getLong(16);
    long firstLsn = b.getLong(24);
    return id >= 1 && firstLsn >= 1 ? new Header(id, firstLsn) : null;
  }

  /**
   * The record at {@code offset} if it is whole below {@code limit}, well framed and its CRC holds.
   */
  static Rec at(byte[] f, long offset, long limit, int maxPayload) {
    return at(f, offset, limit, maxPayload, true);
  }

  /** As {@link #at(byte[], long, long, int)}; with {@code checkCrc} false, framing only. */
  static Rec at(byte[] f, long offset, long limit, int maxPayload, boolean checkCrc) {
    limit = Math.min(limit, f.length);
    if (offset < FILE_HEADER_BYTES || offset + RECORD_HEADER_BYTES > limit) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(f);
    int at = (int) offset;
    long length = Integer.toUnsignedLong(b.getInt(at + 4));
    long lsn = b.getLong(at + 8);
    if ((f[at] & 0xFF) != SYNC || f[at + 1] != 0 || length > maxPayload || lsn < 1) {
      return null;
    }
    if (offset + RECORD_HEADER_BYTES + length > limit) {
      return null;
    }
    int payloadAt = at + RECORD_HEADER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(f, payloadAt, (int) length);
    crc.update(f, at, 16);
    if (checkCrc && crc.getValue() != Integer.toUnsignedLong(b.getInt(at + 16))) {
      return null;
    }
    byte[] payload = Arrays.copyOfRange(f, payloadAt, payloadAt + (int) length);
    return new Rec(offset, lsn, Short.toUnsignedInt(b.getShort(at + 2)), payload);
  }

  static Prefix prefix(byte[] f, long firstLsn, int maxPayload) {
    List<Rec> records = new ArrayList<>();
    long pos = FILE_HEADER_BYTES;
    long lsn = firstLsn;
    while (pos < f.length) {
      Rec r = at(f, pos, f.length, maxPayload);
      if (r == null) {
        break;
      }
      if (r.lsn() != lsn) {
        return new Prefix(records, pos, true);
      }
      records.add(r);
      pos = r.end();
      lsn++;
    }
    return new Prefix(records, pos, false);
  }

  static byte[] encodeHeader(long segmentId, long firstLsn) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_BYTES);
    b.put(MAGIC).putShort((short) 1).putShort((short) 0).putInt(0);
    b.putLong(segmentId).putLong(firstLsn);
    b.putInt((int) crc(b.array(), 0, 32));
    return b.array();
  }

  static byte[] encodeRecord(int type, long lsn, byte[] payload, boolean validCrc) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES + payload.length);
    b.put((byte) SYNC).put((byte) 0).putShort((short) type).putInt(payload.length).putLong(lsn);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    crc.update(b.array(), 0, 16);
    b.putInt((int) crc.getValue() ^ (validCrc ? 0 : 1));
    b.put(payload);
    return b.array();
  }

  private static long crc(byte[] f, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(f, from, to - from);
    return crc.getValue();
  }
}
