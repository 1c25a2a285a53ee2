package dev.smfs.server.store;

import java.nio.ByteBuffer;

/** Dispatches an {@link Op} to the payload codec of its record type. Stateless, thread-safe. */
public final class OpCodec {
  private OpCodec() {}

  /**
   * The payload parts of {@code op}'s record: one buffer, or header + data for WRITE and
   * CLEANER_MOVE (the data buffer is the op's own, not copied; its position is not moved).
   */
  public static ByteBuffer[] encode(Op op) {
    if (op instanceof Op.Write w) {
      return new ByteBuffer[] {WriteCodec.header(w), w.data().duplicate()};
    }
    if (op instanceof Op.CleanerMove m) {
      return new ByteBuffer[] {CleanerMoveCodec.header(m), m.data().duplicate()};
    }
    ByteBuffer b;
    if (op instanceof Op.VolumeInit v) {
      b = VolumeInitCodec.encode(v);
    } else if (op instanceof Op.CreateNode c) {
      b = CreateNodeCodec.encode(c);
    } else if (op instanceof Op.Link l) {
      b = LinkCodec.encode(l);
    } else if (op instanceof Op.Remove r) {
      b = RemoveCodec.encode(r);
    } else if (op instanceof Op.Rename r) {
      b = RenameCodec.encode(r);
    } else if (op instanceof Op.SetAttrs s) {
      b = SetAttrCodec.encode(s);
    } else if (op instanceof Op.Xattr x) {
      b = XattrCodec.encode(x);
    } else if (op instanceof Op.Epoch e) {
      b = EpochCodec.encode(e);
    } else {
      b = FreeInodeCodec.encode((Op.FreeInode) op);
    }
    return new ByteBuffer[] {b};
  }

  /** Decodes a record payload (position to limit, not moved); data ops view its memory. */
  public static Op decode(int type, ByteBuffer payload) {
    return switch (type) {
      case RecordType.VOLUME_INIT -> VolumeInitCodec.decode(payload);
      case RecordType.CREATE, RecordType.MKDIR, RecordType.SYMLINK ->
          CreateNodeCodec.decode(type, payload);
      case RecordType.LINK -> LinkCodec.decode(payload);
      case RecordType.UNLINK, RecordType.RMDIR -> RemoveCodec.decode(type, payload);
      case RecordType.RENAME -> RenameCodec.decode(payload);
      case RecordType.WRITE -> WriteCodec.decode(payload);
      case RecordType.CLEANER_MOVE -> CleanerMoveCodec.decode(payload);
      case RecordType.SETATTR -> SetAttrCodec.decode(payload);
      case RecordType.SETXATTR, RecordType.REMOVEXATTR -> XattrCodec.decode(type, payload);
      case RecordType.FREE_INODE -> FreeInodeCodec.decode(payload);
      case RecordType.EPOCH -> EpochCodec.decode(payload);
      default -> throw new MalformedPayloadException("unknown_record_type=" + type);
    };
  }

  /** Offset of the file data inside a WRITE or CLEANER_MOVE payload. */
  public static int dataOffset(int type) {
    return switch (type) {
      case RecordType.WRITE -> WriteCodec.DATA;
      case RecordType.CLEANER_MOVE -> CleanerMoveCodec.DATA;
      default ->
          throw new IllegalArgumentException("record " + RecordType.name(type) + " has no data");
    };
  }
}
