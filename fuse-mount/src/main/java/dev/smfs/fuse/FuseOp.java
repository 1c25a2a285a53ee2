package dev.smfs.fuse;

import java.util.Locale;

/** The FUSE operations {@link SmfsFuse} serves, as counted by {@link FuseMetrics}. */
enum FuseOp {
  GETATTR,
  FGETATTR,
  OPENDIR,
  RELEASEDIR,
  READDIR,
  MKDIR,
  MKNOD,
  CREATE,
  OPEN,
  READ,
  WRITE,
  TRUNCATE,
  FTRUNCATE,
  UNLINK,
  RMDIR,
  RENAME,
  SYMLINK,
  READLINK,
  LINK,
  CHMOD,
  CHOWN,
  UTIMENS,
  STATFS,
  SETXATTR,
  GETXATTR,
  LISTXATTR,
  REMOVEXATTR,
  FSYNC,
  FSYNCDIR,
  FLUSH,
  RELEASE,
  ACCESS;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The {@code op} label value: the libfuse name, e.g. {@code getattr}. */
  String tag() {
    return tag;
  }
}
