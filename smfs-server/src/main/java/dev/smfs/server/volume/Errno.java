package dev.smfs.server.volume;

/** The error numbers a volume operation can fail with, with their Linux values. */
public enum Errno {
  EPERM(1),
  ENOENT(2),
  EIO(5),
  EBADF(9),
  EAGAIN(11),
  EACCES(13),
  EEXIST(17),
  EXDEV(18),
  ENOTDIR(20),
  EISDIR(21),
  EINVAL(22),
  EFBIG(27),
  ENOSPC(28),
  EROFS(30),
  EMLINK(31),
  ERANGE(34),
  ENAMETOOLONG(36),
  ENOTEMPTY(39),
  ELOOP(40),
  ENODATA(61),
  ENOTSUP(95);

  private final int code;

  Errno(int code) {
    this.code = code;
  }

  /** The positive Linux errno value; the FUSE adapter returns its negation. */
  public int code() {
    return code;
  }
}
