package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of CLEANER_MOVE: one live extent copied to the log head.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 i64 file offset of the extent
 * 17 i64 old segment id
 * 25 i64 old record offset in that segment
 * 33 i32 old data offset in that record's payload
 * 37 i32 data length n
 * 41 n bytes data
 * </pre>
 */
final class CleanerMoveCodec {
  static final int INO = 1;
  static final int FILE_OFFSET = INO + 8;
  static final int FROM_SEGMENT = FILE_OFFSET + 8;
  static final int FROM_RECORD_OFFSET = FROM_SEGMENT + 8;
  static final int FROM_DATA_OFFSET = FROM_RECORD_OFFSET + 8;
  static final int LENGTH = FROM_DATA_OFFSET + 4;
  static final int DATA = LENGTH + 4;

  private CleanerMoveCodec() {}

  /** The header only; the log record is {@code header} followed by the data buffer itself. */
  static ByteBuffer header(Op.CleanerMove op) {
    return new PayloadWriter(DATA)
        .i64(op.ino())
        .i64(op.fileOffset())
        .i64(op.fromSegment())
        .i64(op.fromRecordOffset())
        .i32(op.fromDataOffset())
        .i32(op.data().remaining())
        .done();
  }

  /** The returned op's data is a read-only view into {@code payload}. */
  static Op.CleanerMove decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "CLEANER_MOVE");
    long ino = r.i64();
    long fileOffset = r.i64();
    long fromSegment = r.i64();
    long fromRecord = r.i64();
    int fromData = r.i32();
    int len = r.i32();
    ByteBuffer data = r.rest();
    if (len != data.remaining()) {
      throw new MalformedPayloadException(
          "record=CLEANER_MOVE length=" + len + " actual=" + data.remaining());
    }
    try {
      return new Op.CleanerMove(ino, fileOffset, fromSegment, fromRecord, fromData, data);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=CLEANER_MOVE " + e.getMessage());
    }
  }
}
