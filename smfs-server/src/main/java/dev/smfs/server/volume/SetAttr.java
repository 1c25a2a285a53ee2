package dev.smfs.server.volume;

/**
 * Changes for {@link Volume#setattr}: a null field is left alone. A time equal to {@link #NOW}
 * means "the volume's clock now" ({@code UTIME_NOW}). Changing size truncates or extends the file
 * (regular files only). Any change also sets ctime to now, as Linux does.
 */
public record SetAttr(
    Integer perm, Integer uid, Integer gid, Long size, Long atimeNs, Long mtimeNs) {

  /** Sentinel time: use the volume's clock. */
  public static final long NOW = Long.MIN_VALUE;

  public SetAttr {
    if (perm != null && (perm & ~07777) != 0) {
      throw new IllegalArgumentException("perm=" + Integer.toOctalString(perm) + " has type bits");
    }
    if (size != null && size < 0) {
      throw new IllegalArgumentException("size=" + size + " must be >= 0");
    }
  }

  public static SetAttr perm(int perm) {
    return new SetAttr(perm, null, null, null, null, null);
  }

  public static SetAttr owner(Integer uid, Integer gid) {
    return new SetAttr(null, uid, gid, null, null, null);
  }

  public static SetAttr size(long size) {
    return new SetAttr(null, null, null, size, null, null);
  }

  public static SetAttr times(Long atimeNs, Long mtimeNs) {
    return new SetAttr(null, null, null, null, atimeNs, mtimeNs);
  }
}
