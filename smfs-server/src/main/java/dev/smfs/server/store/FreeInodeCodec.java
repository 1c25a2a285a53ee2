package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of FREE_INODE.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 end
 * </pre>
 */
final class FreeInodeCodec {
  static final int INO = 1;
  static final int SIZE = INO + 8;

  private FreeInodeCodec() {}

  static ByteBuffer encode(Op.FreeInode op) {
    return new PayloadWriter(SIZE).i64(op.ino()).done();
  }

  static Op.FreeInode decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "FREE_INODE");
    long ino = r.i64();
    r.end();
    try {
      return new Op.FreeInode(ino);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=FREE_INODE " + e.getMessage());
    }
  }
}
