package dev.smfs.server.volume;

/** Kinds of inode a volume stores, with their {@code S_IFMT} bits. */
public enum FileType {
  REGULAR(0100000),
  DIRECTORY(0040000),
  SYMLINK(0120000);

  /** Mask of the type bits in {@code st_mode}. */
  public static final int S_IFMT = 0170000;

  private final int bits;

  FileType(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  public static FileType fromMode(int mode) {
    int t = mode & S_IFMT;
    for (FileType type : values()) {
      if (type.bits == t) {
        return type;
      }
    }
    throw new FsException(Errno.EINVAL, "op=mode unsupported_type=" + Integer.toOctalString(t));
  }
}
