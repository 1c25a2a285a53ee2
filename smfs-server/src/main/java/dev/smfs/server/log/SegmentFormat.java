package dev.smfs.server.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The segment file codec: the file header and the record framing. All integers are big-endian.
 *
 * <pre>
 * File header (FILE_HEADER_BYTES = 36)
 *  offset size  field
 *   0      8    magic "SMFSLOG\0"
 *   8      2    format version (1)
 *  10      2    reserved, 0
 *  12      4    reserved, 0
 *  16      8    segment id
 *  24      8    first LSN of the segment
 *  32      4    CRC32C of bytes [0, 32)
 *
 * Record (RECORD_HEADER_BYTES = 20, then the payload)
 *  offset size  field
 *   0      1    sync byte 0xA5
 *   1      1    flags, 0 (reserved)
 *   2      2    type (u16)
 *   4      4    payload length (u32, at most maxRecordBytes - 20)
 *   8      8    LSN
 *  16      4    CRC32C of the payload followed by header bytes [0, 16)
 *  20      n    payload
 * </pre>
 *
 * <p>The record CRC runs over the payload first so that the expensive part can be computed before
 * the LSN is assigned (outside the append lock); the 16 header bytes finish it. Records follow each
 * other with no padding; a segment ends after its last whole record.
 *
 * <p>Stateless and thread-safe.
 */
final class SegmentFormat {
  static final byte[] MAGIC = "SMFSLOG\0".getBytes(StandardCharsets.US_ASCII);
  static final short VERSION = 1;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = MAGIC_OFFSET + 8;
  static final int RESERVED_OFFSET = VERSION_OFFSET + 2;
  static final int SEGMENT_ID_OFFSET = RESERVED_OFFSET + 6;
  static final int FIRST_LSN_OFFSET = SEGMENT_ID_OFFSET + 8;
  static final int HEADER_CRC_OFFSET = FIRST_LSN_OFFSET + 8;
  static final int FILE_HEADER_BYTES = HEADER_CRC_OFFSET + 4;

  static final byte SYNC = (byte) 0xA5;
  static final int SYNC_OFFSET = 0;
  static final int FLAGS_OFFSET = SYNC_OFFSET + 1;
  static final int TYPE_OFFSET = FLAGS_OFFSET + 1;
  static final int LENGTH_OFFSET = TYPE_OFFSET + 2;
  static final int LSN_OFFSET = LENGTH_OFFSET + 4;
  static final int RECORD_CRC_OFFSET = LSN_OFFSET + 8;
  static final int RECORD_HEADER_BYTES = RECORD_CRC_OFFSET + 4;

  static final int MAX_TYPE = 0xFFFF;

  private SegmentFormat() {}

  /** The decoded file header. */
  record FileHeader(long segmentId, long firstLsn) {}

  /** The decoded record header; not yet checked against the payload. */
  record RecordHeader(int sync, int flags, int type, long payloadLength, long lsn, long crc) {}

  static void checkType(int type) {
    if (type < 0 || type > MAX_TYPE) {
      throw new IllegalArgumentException("record type must be in [0, 65535]: type=" + type);
    }
  }

  /** Returns a new buffer, position 0, holding the file header. */
  static ByteBuffer encodeFileHeader(long segmentId, long firstLsn) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_BYTES);
    b.put(MAGIC_OFFSET, MAGIC);
    b.putShort(VERSION_OFFSET, VERSION);
    b.putLong(SEGMENT_ID_OFFSET, segmentId);
    b.putLong(FIRST_LSN_OFFSET, firstLsn);
    b.putInt(HEADER_CRC_OFFSET, (int) crcOf(b, 0, HEADER_CRC_OFFSET));
    return b;
  }

  /**
   * Decodes and validates a file header held in {@code b} from index 0 (position is ignored).
   *
   * @throws CorruptRecordException naming {@code file} at offset 0 when anything is off
   */
  static FileHeader decodeFileHeader(ByteBuffer b, Path file) throws CorruptRecordException {
    if (b.limit() < FILE_HEADER_BYTES) {
      throw new CorruptRecordException(file, 0, "short-file-header length=" + b.limit());
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b.get(MAGIC_OFFSET + i) != MAGIC[i]) {
        throw new CorruptRecordException(file, 0, "bad-magic");
      }
    }
    long expected = Integer.toUnsignedLong(b.getInt(HEADER_CRC_OFFSET));
    long actual = crcOf(b, 0, HEADER_CRC_OFFSET);
    if (expected != actual) {
      throw new CorruptRecordException(file, 0, "file-header-crc-mismatch", expected, actual);
    }
    short version = b.getShort(VERSION_OFFSET);
    if (version != VERSION) {
      throw new CorruptRecordException(file, 0, "unsupported-version version=" + version);
    }
    long firstLsn = b.getLong(FIRST_LSN_OFFSET);
    long segmentId = b.getLong(SEGMENT_ID_OFFSET);
    if (firstLsn < 1 || segmentId < 1) {
      throw new CorruptRecordException(
          file, 0, "bad-header-values segmentId=" + segmentId + " firstLsn=" + firstLsn);
    }
    return new FileHeader(segmentId, firstLsn);
  }

  /** Starts a record CRC over the remaining bytes of each part; positions are left unchanged. */
  static CRC32C payloadCrc(ByteBuffer... parts) {
    CRC32C crc = new CRC32C();
    for (ByteBuffer p : parts) {
      crc.update(p.duplicate());
    }
    return crc;
  }

  /**
   * Encodes a record header and finishes {@code payloadCrc} (which must hold exactly the payload).
   * Returns a new buffer, position 0, limit {@link #RECORD_HEADER_BYTES}.
   */
  static ByteBuffer encodeRecordHeader(int type, int payloadLength, long lsn, CRC32C payloadCrc) {
    checkType(type);
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES);
    b.put(SYNC_OFFSET, SYNC);
    b.put(FLAGS_OFFSET, (byte) 0);
    b.putShort(TYPE_OFFSET, (short) type);
    b.putInt(LENGTH_OFFSET, payloadLength);
    b.putLong(LSN_OFFSET, lsn);
    payloadCrc.update(b.array(), 0, RECORD_CRC_OFFSET);
    b.putInt(RECORD_CRC_OFFSET, (int) payloadCrc.getValue());
    return b;
  }

  /** Decodes a record header held in {@code b} from index 0 without validating it. */
  static RecordHeader decodeRecordHeader(ByteBuffer b) {
    return new RecordHeader(
        Byte.toUnsignedInt(b.get(SYNC_OFFSET)),
        Byte.toUnsignedInt(b.get(FLAGS_OFFSET)),
        Short.toUnsignedInt(b.getShort(TYPE_OFFSET)),
        Integer.toUnsignedLong(b.getInt(LENGTH_OFFSET)),
        b.getLong(LSN_OFFSET),
        Integer.toUnsignedLong(b.getInt(RECORD_CRC_OFFSET)));
  }

  /**
   * Checks the header fields that can be checked without the payload. Returns null when they are
   * plausible, else a short reason.
   */
  static String headerProblem(RecordHeader h, int maxPayloadBytes) {
    if (h.sync() != Byte.toUnsignedInt(SYNC)) {
      return "bad-sync-byte sync=" + h.sync();
    }
    if (h.flags() != 0) {
      return "unknown-flags flags=" + h.flags();
    }
    if (h.payloadLength() > maxPayloadBytes) {
      return "length-too-large length=" + h.payloadLength();
    }
    if (h.lsn() < 1) {
      return "bad-lsn lsn=" + h.lsn();
    }
    return null;
  }

  /** The CRC a record with this (decoded, framing-checked) header and payload must carry. */
  static long recordCrc(RecordHeader h, ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    ByteBuffer b = ByteBuffer.allocate(RECORD_CRC_OFFSET);
    b.put(SYNC_OFFSET, (byte) h.sync());
    b.put(FLAGS_OFFSET, (byte) h.flags());
    b.putShort(TYPE_OFFSET, (short) h.type());
    b.putInt(LENGTH_OFFSET, (int) h.payloadLength());
    b.putLong(LSN_OFFSET, h.lsn());
    crc.update(b.array(), 0, RECORD_CRC_OFFSET);
    return crc.getValue();
  }

  private static long crcOf(ByteBuffer b, int from, int to) {
    CRC32C crc = new CRC32C();
    ByteBuffer d = b.duplicate();
    d.position(from).limit(to);
    crc.update(d);
    return crc.getValue();
  }
}
