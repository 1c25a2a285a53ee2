package dev.smfs.server.store;

import java.nio.ByteBuffer;

/**
 * Payload of LINK.
 *
 * <pre>
 *  0 u8  version (1)
 *  1 i64 ino
 *  9 i64 new parent ino
 * 17 i64 directory cookie of the new entry
 * 25 i64 time, ns (inode ctime, parent mtime/ctime)
 * 33 u16 name length n, then n bytes UTF-8 new name
 * </pre>
 */
final class LinkCodec {
  static final int INO = 1;
  static final int NEW_PARENT = INO + 8;
  static final int COOKIE = NEW_PARENT + 8;
  static final int TIME = COOKIE + 8;
  static final int NAME = TIME + 8;

  private LinkCodec() {}

  static ByteBuffer encode(Op.Link op) {
    return new PayloadWriter(NAME + 2 + op.newName().length())
        .i64(op.ino())
        .i64(op.newParent())
        .i64(op.cookie())
        .i64(op.timeNs())
        .str(op.newName())
        .done();
  }

  static Op.Link decode(ByteBuffer payload) {
    PayloadReader r = new PayloadReader(payload, "LINK");
    long ino = r.i64();
    long parent = r.i64();
    long cookie = r.i64();
    long time = r.i64();
    String name = r.str();
    r.end();
    try {
      return new Op.Link(ino, parent, name, cookie, time);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("record=LINK " + e.getMessage());
    }
  }
}
