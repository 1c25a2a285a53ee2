package dev.smfs.fuse;

import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * The adapter's xattr policy and the libfuse xattr buffer protocol.
 *
 * <p>Not stored, by design:
 *
 * <ul>
 *   <li>{@code security.capability}: the kernel asks for it before every write(2) to a FUSE file
 *       (to drop file capabilities on modification). FUSE mounts are {@code nosuid}, where file
 *       capabilities never apply, so setting one is ENOTSUP and the per-write query is answered
 *       ENODATA at once, without a path walk or a volume call.
 *   <li>POSIX ACLs ({@code system.posix_acl_*}): the kernel checks only the mode bits under
 *       default_permissions, so a stored ACL would be a silent lie. Setting one is ENOTSUP, which
 *       makes cp and tar fall back to chmod; reading one finds none.
 * </ul>
 */
final class Xattrs {
  private static final String CAPABILITY = "security.capability";
  private static final String ACL_PREFIX = "system.posix_acl_";

  private Xattrs() {}

  /** True for names that are never stored, so a get or remove answers ENODATA without lookup. */
  static boolean neverStored(String name) {
    return name.equals(CAPABILITY) || name.startsWith(ACL_PREFIX);
  }

  /** Throws ENOTSUP for the names SMFS refuses to store. */
  static void checkSettable(String path, String name) {
    if (neverStored(name)) {
      throw new FsException(
          Errno.ENOTSUP, "op=setxattr path=" + path + " name=" + name + " reason=not_kept");
    }
  }

  /** Names as consecutive NUL-terminated UTF-8 strings, as listxattr(2) returns them. */
  static byte[] nameList(List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : names) {
      out.writeBytes(n.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  /**
   * The size protocol of getxattr and listxattr: {@code size == 0} asks for the length needed; a
   * buffer too small is ERANGE; otherwise the bytes are copied and their count returned.
   */
  static int copyOut(byte[] bytes, Pointer dst, long size, String op, String path) {
    if (size == 0) {
      return bytes.length;
    }
    if (size < bytes.length) {
      throw new FsException(
          Errno.ERANGE, "op=" + op + " path=" + path + " need=" + bytes.length + " size=" + size);
    }
    dst.put(0, bytes, 0, bytes.length);
    return bytes.length;
  }
}
