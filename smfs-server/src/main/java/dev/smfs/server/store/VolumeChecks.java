package dev.smfs.server.store;

import dev.smfs.server.index.Dirent;
import dev.smfs.server.index.Index;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Names;
import dev.smfs.server.volume.Volume;
import java.nio.charset.StandardCharsets;

/**
 * Argument checks against the committed index, in the order the reference volume uses so that both
 * report the same errno for the same bad call: unknown inode (ENOENT), parent not a directory
 * (ENOTDIR), removed parent (ENOENT), name (EINVAL, ENAMETOOLONG), then the operation's rules.
 * Stateless apart from the index; called under the volume's lock.
 */
final class VolumeChecks {
  static final long MAX_FILE_SIZE = 1L << 44;
  static final int MAX_SYMLINK_BYTES = 4095;
  static final int MAX_XATTR_NAME_BYTES = 255;
  static final int MAX_XATTR_VALUE_BYTES = 64 * 1024;

  private final Index index;

  VolumeChecks(Index index) {
    this.index = index;
  }

  InodeAttr inode(long ino, String op) {
    InodeAttr a = ino > 0 ? index.inode(ino) : null;
    if (a == null) {
      throw new FsException(Errno.ENOENT, "op=" + op + " ino=" + ino);
    }
    return a;
  }

  InodeAttr dir(long ino, String op) {
    InodeAttr a = inode(ino, op);
    if (a.type() != FileType.DIRECTORY) {
      throw new FsException(Errno.ENOTDIR, "op=" + op + " ino=" + ino + " type=" + a.type());
    }
    return a;
  }

  /** A live directory that may receive {@code name}; EEXIST if taken (unless renaming). */
  InodeAttr dirForNewName(long parent, String name, String op) {
    InodeAttr d = dir(parent, op);
    if (d.nlink() == 0) {
      throw new FsException(Errno.ENOENT, "op=" + op + " parent=" + parent + " reason=removed");
    }
    Names.check(name);
    if (!op.equals("rename") && index.dirent(parent, name) != null) {
      throw new FsException(Errno.EEXIST, "op=" + op + " parent=" + parent + " name=" + name);
    }
    return d;
  }

  Dirent child(long parent, String name, String op) {
    Dirent d = index.dirent(parent, name);
    if (d == null) {
      throw new FsException(Errno.ENOENT, "op=" + op + " parent=" + parent + " name=" + name);
    }
    return d;
  }

  /** The inode of a regular file for read/write: EISDIR, EINVAL for symlinks or offset < 0. */
  InodeAttr file(long ino, long offset, String op) {
    InodeAttr a = inode(ino, op);
    if (a.type() == FileType.DIRECTORY) {
      throw new FsException(Errno.EISDIR, "op=" + op + " ino=" + ino);
    }
    if (a.type() != FileType.REGULAR || offset < 0) {
      throw new FsException(
          Errno.EINVAL, "op=" + op + " ino=" + ino + " type=" + a.type() + " offset=" + offset);
    }
    return a;
  }

  static void perm(int perm, String op) {
    if ((perm & ~07777) != 0) {
      throw new FsException(Errno.EINVAL, "op=" + op + " perm=" + Integer.toOctalString(perm));
    }
  }

  static void symlinkTarget(String name, String target) {
    if (target == null || target.isEmpty()) {
      throw new FsException(Errno.ENOENT, "op=symlink name=" + name + " reason=empty_target");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > MAX_SYMLINK_BYTES) {
      throw new FsException(Errno.ENAMETOOLONG, "op=symlink name=" + name);
    }
  }

  static void xattrName(long ino, String name, String op) {
    if (name == null
        || name.isEmpty()
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_XATTR_NAME_BYTES) {
      throw new FsException(Errno.ERANGE, "op=" + op + " ino=" + ino + " reason=name_length");
    }
  }

  /** True if directory {@code ancestor} is {@code dir} or one of its ancestors. */
  boolean isAncestorOrSelf(long ancestor, long dir) {
    long d = dir;
    for (int depth = 0; depth < 1_000_000; depth++) {
      if (d == ancestor) {
        return true;
      }
      if (d == Volume.ROOT) {
        return false;
      }
      d = index.dirParent(d);
      if (d == 0) {
        throw new FsException(Errno.EIO, "op=ancestry dir=" + dir + " reason=missing_parent");
      }
    }
    throw new FsException(Errno.EIO, "op=ancestry dir=" + dir + " reason=cycle");
  }
}
