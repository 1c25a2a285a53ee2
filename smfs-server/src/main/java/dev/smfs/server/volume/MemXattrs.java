package dev.smfs.server.volume;

import java.nio.charset.StandardCharsets;

/**
 * Extended-attribute rules for {@link InMemoryVolume} (limits documented there). Values are copied
 * in and out so callers never share the stored array. Called with the volume's lock held.
 */
final class MemXattrs {
  private MemXattrs() {}

  static void set(MemInode n, String name, byte[] value, int flags, long now) {
    checkName(n, name, "setxattr");
    if (value == null) {
      throw new FsException(Errno.EINVAL, "op=setxattr ino=" + n.ino + " reason=null_value");
    }
    if (value.length > InMemoryVolume.MAX_XATTR_VALUE_BYTES) {
      throw new FsException(
          Errno.ERANGE, "op=setxattr ino=" + n.ino + " name=" + name + " len=" + value.length);
    }
    if ((flags & ~(Volume.XATTR_CREATE | Volume.XATTR_REPLACE)) != 0) {
      throw new FsException(Errno.EINVAL, "op=setxattr ino=" + n.ino + " flags=" + flags);
    }
    boolean exists = n.xattrs.containsKey(name);
    if (exists && (flags & Volume.XATTR_CREATE) != 0) {
      throw new FsException(Errno.EEXIST, "op=setxattr ino=" + n.ino + " name=" + name);
    }
    if (!exists && (flags & Volume.XATTR_REPLACE) != 0) {
      throw new FsException(Errno.ENODATA, "op=setxattr ino=" + n.ino + " name=" + name);
    }
    n.xattrs.put(name, value.clone());
    n.ctimeNs = now;
  }

  static byte[] get(MemInode n, String name) {
    checkName(n, name, "getxattr");
    byte[] v = n.xattrs.get(name);
    if (v == null) {
      throw new FsException(Errno.ENODATA, "op=getxattr ino=" + n.ino + " name=" + name);
    }
    return v.clone();
  }

  static void remove(MemInode n, String name, long now) {
    checkName(n, name, "removexattr");
    if (n.xattrs.remove(name) == null) {
      throw new FsException(Errno.ENODATA, "op=removexattr ino=" + n.ino + " name=" + name);
    }
    n.ctimeNs = now;
  }

  private static void checkName(MemInode n, String name, String op) {
    if (name == null
        || name.isEmpty()
        || name.getBytes(StandardCharsets.UTF_8).length > InMemoryVolume.MAX_XATTR_NAME_BYTES) {
      throw new FsException(Errno.ERANGE, "op=" + op + " ino=" + n.ino + " reason=name_length");
    }
  }
}
