package dev.smfs.server.volume;

/**
 * The attributes of one inode, as {@code stat(2)} reports them. Times are nanoseconds since the
 * epoch. {@code perm} holds only the permission bits (07777); {@link #stMode()} adds the type.
 */
public record InodeAttr(
    long ino,
    FileType type,
    int perm,
    int nlink,
    int uid,
    int gid,
    long size,
    long atimeNs,
    long mtimeNs,
    long ctimeNs) {

  public InodeAttr {
    if (ino <= 0) {
      throw new IllegalArgumentException("ino=" + ino + " must be positive");
    }
    if ((perm & ~07777) != 0) {
      throw new IllegalArgumentException("perm=" + Integer.toOctalString(perm) + " has type bits");
    }
    if (nlink < 0 || size < 0) {
      throw new IllegalArgumentException("nlink=" + nlink + " size=" + size + " must be >= 0");
    }
  }

  /** {@code st_mode}: type bits plus permission bits. */
  public int stMode() {
    return type.bits() | perm;
  }

  /** 512-byte blocks, as {@code st_blocks} (sparse holes are not subtracted). */
  public long blocks() {
    return (size + 511) / 512;
  }
}
