package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of EPOCH, appended when a replica is promoted to primary.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 epoch
 *  9 end
 * </pre>
 */
final class EpochCodec {
  static final int EPOCH = 1;
  static final int SIZE = EPOCH + 8;

  private EpochCodec() {}

  static ByteBuffer encode(Op.Epoch op) {
    return new PayloadWriter(SIZE).i64(op.epoch()).done();
  }

  static Op.Epoch decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "EPOCH");
    long epoch = r.i64();
    r.end();
    try {
      return new Op.Epoch(epoch);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=EPOCH " + e.getMessage());
    }
  }
}
