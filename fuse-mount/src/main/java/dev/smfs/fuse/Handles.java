package dev.smfs.fuse;

/**
 * Encoding of the 64-bit FUSE file handle ({@code fi.fh}): the inode number in the low 62 bits and
 * the O_APPEND flag of the open in bit 62. Inode numbers are positive longs well below 2^62.
 */
final class Handles {
  private static final long APPEND = 1L << 62;
  private static final long INO_MASK = APPEND - 1;

  private Handles() {}

  static long of(long ino, boolean append) {
    if (ino <= 0 || (ino & ~INO_MASK) != 0) {
      throw new IllegalArgumentException("ino=" + ino + " does not fit a handle");
    }
    return append ? ino | APPEND : ino;
  }

  static long ino(long fh) {
    return fh & INO_MASK;
  }

  static boolean append(long fh) {
    return (fh & APPEND) != 0;
  }
}
