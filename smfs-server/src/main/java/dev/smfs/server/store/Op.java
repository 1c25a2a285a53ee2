package dev.smfs.server.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The decoded payload of one log record: a mutating operation with every value it needs to be
 * applied deterministically (allocated inode numbers, directory cookies, resolved times). Applying
 * the same ops in LSN order always yields the same index.
 */
public sealed interface Op {
  /** The {@link RecordType} this op is logged as. */
  int type();

  private static void positive(String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + "=" + v + " must be positive");
    }
  }

  private static void nonEmpty(String what, String v) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(what + " must be non-empty");
    }
  }

  /** The volume's epoch from this record on (promotion of a replica bumps it). */
  record Epoch(long epoch) implements Op {
    public Epoch {
      positive("epoch", epoch);
    }

    public int type() {
      return RecordType.EPOCH;
    }
  }

  /** First record of every volume: its identity. */
  record VolumeInit(long uuidHigh, long uuidLow, long createdNs, long epoch) implements Op {
    public int type() {
      return RecordType.VOLUME_INIT;
    }
  }

  /**
   * CREATE, MKDIR or SYMLINK (by {@code type}): a new inode {@code ino} named {@code name} in
   * {@code parent} with directory cookie {@code cookie}; {@code target} is the link target for
   * SYMLINK and empty otherwise.
   */
  record CreateNode(
      int type,
      long parent,
      String name,
      long ino,
      long cookie,
      int perm,
      int uid,
      int gid,
      long timeNs,
      String target)
      implements Op {
    public CreateNode {
      if (type != RecordType.CREATE && type != RecordType.MKDIR && type != RecordType.SYMLINK) {
        throw new IllegalArgumentException("type=" + type + " is not CREATE/MKDIR/SYMLINK");
      }
      positive("parent", parent);
      positive("ino", ino);
      positive("cookie", cookie);
      nonEmpty("name", name);
      Objects.requireNonNull(target, "target");
      if ((perm & ~07777) != 0) {
        throw new IllegalArgumentException("perm=" + Integer.toOctalString(perm));
      }
    }
  }

  /** A new name {@code newName} (cookie {@code cookie}) in {@code newParent} for {@code ino}. */
  record Link(long ino, long newParent, String newName, long cookie, long timeNs) implements Op {
    public Link {
      positive("ino", ino);
      positive("newParent", newParent);
      positive("cookie", cookie);
      nonEmpty("newName", newName);
    }

    public int type() {
      return RecordType.LINK;
    }
  }

  /**
   * UNLINK or RMDIR (by {@code type}) of {@code name} in {@code parent}. When the inode loses its
   * last name it is freed at once unless {@code keepOrphan} (it is open; FREE_INODE follows on the
   * last release).
   */
  record Remove(int type, long parent, String name, long timeNs, boolean keepOrphan) implements Op {
    public Remove {
      if (type != RecordType.UNLINK && type != RecordType.RMDIR) {
        throw new IllegalArgumentException("type=" + type + " is not UNLINK/RMDIR");
      }
      positive("parent", parent);
      nonEmpty("name", name);
    }
  }

  /**
   * Moves {@code name} in {@code parent} to {@code newName} (cookie {@code cookie}) in {@code
   * newParent}, replacing what is there; a replaced inode that loses its last name is freed unless
   * {@code keepOrphan}.
   */
  record Rename(
      long parent,
      String name,
      long newParent,
      String newName,
      long cookie,
      long timeNs,
      boolean keepOrphan)
      implements Op {
    public Rename {
      positive("parent", parent);
      positive("newParent", newParent);
      positive("cookie", cookie);
      nonEmpty("name", name);
      nonEmpty("newName", newName);
    }

    public int type() {
      return RecordType.RENAME;
    }
  }

  /** {@code data} (position to limit; the op does not own a copy) written at {@code offset}. */
  record Write(long ino, long offset, long timeNs, ByteBuffer data) implements Op {
    public Write {
      positive("ino", ino);
      if (offset < 0) {
        throw new IllegalArgumentException("offset=" + offset + " must be >= 0");
      }
      Objects.requireNonNull(data, "data");
    }

    public int type() {
      return RecordType.WRITE;
    }
  }

  /**
   * Live data relocated by the cleaner: the extent at ({@code ino}, {@code fileOffset}) moves here
   * only if it still points at ({@code fromSegment}, {@code fromRecordOffset}, {@code
   * fromDataOffset}) with the same length; otherwise the record is a no-op.
   */
  record CleanerMove(
      long ino,
      long fileOffset,
      long fromSegment,
      long fromRecordOffset,
      int fromDataOffset,
      ByteBuffer data)
      implements Op {
    public CleanerMove {
      positive("ino", ino);
      if (fileOffset < 0 || fromSegment < 0 || fromRecordOffset < 0 || fromDataOffset < 0) {
        throw new IllegalArgumentException(
            "fileOffset=" + fileOffset + " fromSegment=" + fromSegment + " must be >= 0");
      }
      Objects.requireNonNull(data, "data");
    }

    public int type() {
      return RecordType.CLEANER_MOVE;
    }
  }

  /**
   * Attribute changes with times already resolved; a bit of {@code mask} ({@link SetAttrCodec})
   * says which fields apply. {@code ctimeNs} is always applied.
   */
  record SetAttrs(
      long ino,
      int mask,
      int perm,
      int uid,
      int gid,
      long size,
      long atimeNs,
      long mtimeNs,
      long ctimeNs)
      implements Op {
    public SetAttrs {
      positive("ino", ino);
      if (size < 0) {
        throw new IllegalArgumentException("size=" + size + " must be >= 0");
      }
    }

    public int type() {
      return RecordType.SETATTR;
    }

    public boolean has(int bit) {
      return (mask & bit) != 0;
    }
  }

  /** SETXATTR ({@code value} non-null) or REMOVEXATTR ({@code value} null). */
  record Xattr(long ino, String name, byte[] value, long timeNs) implements Op {
    public Xattr {
      positive("ino", ino);
      nonEmpty("name", name);
    }

    public int type() {
      return value == null ? RecordType.REMOVEXATTR : RecordType.SETXATTR;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Xattr x
          && x.ino == ino
          && x.name.equals(name)
          && Arrays.equals(x.value, value)
          && x.timeNs == timeNs;
    }

    @Override
    public int hashCode() {
      return Objects.hash(ino, name, Arrays.hashCode(value), timeNs);
    }
  }

  /** An orphan (nlink 0, last handle released or left over from a crash) is freed. */
  record FreeInode(long ino) implements Op {
    public FreeInode {
      positive("ino", ino);
    }

    public int type() {
      return RecordType.FREE_INODE;
    }
  }
}
