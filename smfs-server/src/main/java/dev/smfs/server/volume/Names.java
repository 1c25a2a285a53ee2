package dev.smfs.server.volume;

import java.nio.charset.StandardCharsets;

/** Validation of single path components, shared by every volume implementation. */
public final class Names {
  private Names() {}

  /** Throws EINVAL or ENAMETOOLONG unless {@code name} is a legal directory entry name. */
  public static void check(String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new FsException(Errno.EINVAL, "op=name name=" + name + " reason=reserved_or_empty");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new FsException(Errno.EINVAL, "op=name reason=slash_or_nul");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > Volume.MAX_NAME_BYTES) {
      throw new FsException(Errno.ENAMETOOLONG, "op=name bytes>" + Volume.MAX_NAME_BYTES);
    }
  }
}
