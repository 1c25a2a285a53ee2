package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of VOLUME_INIT, the first record of a volume.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 uuid high bits
 *  9 i64 uuid low bits
 * 17 i64 created, ns since epoch
 * 25 i64 epoch (bumped by promotion)
 * 33 end
 * </pre>
 */
final class VolumeInitCodec {
  static final int UUID_HIGH = 1;
  static final int UUID_LOW = UUID_HIGH + 8;
  static final int CREATED = UUID_LOW + 8;
  static final int EPOCH = CREATED + 8;
  static final int SIZE = EPOCH + 8;

  private VolumeInitCodec() {}

  static ByteBuffer encode(Op.VolumeInit op) {
    return new PayloadWriter(SIZE)
        .i64(op.uuidHigh())
        .i64(op.uuidLow())
        .i64(op.createdNs())
        .i64(op.epoch())
        .done();
  }

  static Op.VolumeInit decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "VOLUME_INIT");
    Op.VolumeInit op = new Op.VolumeInit(r.i64(), r.i64(), r.i64(), r.i64());
    r.end();
    return op;
  }
}
