package dev.smfs.server.store;

import dev.smfs.server.index.Dirent;
import dev.smfs.server.index.Index;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Names;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.Volume;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Turns a mutating namespace, attribute or xattr call into the {@link Op} that performs it, after
 * checking it against the committed index with the same errno rules as the reference volume.
 * Returns null for a call that changes nothing. Allocates inode numbers and directory cookies from
 * the index, and reads the clock once per op, only after the checks pass.
 *
 * <p>Not thread-safe: used under the volume's write lock, and the returned op must be committed
 * before the lock is released (allocation reads the committed counters).
 */
final class Planner {
  private final Index index;
  private final VolumeChecks checks;
  private final VolumeConfig config;
  private final LongSupplier now;
  private final ToIntFunction<Long> openCount;

  Planner(
      Index index,
      VolumeChecks checks,
      VolumeConfig config,
      LongSupplier now,
      ToIntFunction<Long> openCount) {
    this.index = index;
    this.checks = checks;
    this.config = config;
    this.now = now;
    this.openCount = openCount;
  }

  /** CREATE, MKDIR or SYMLINK ({@code target} is "" unless SYMLINK). */
  Op.CreateNode create(
      int type, long parent, String name, int perm, int uid, int gid, String target) {
    String op = RecordType.name(type).toLowerCase(java.util.Locale.ROOT);
    checks.dirForNewName(parent, name, op);
    if (type == RecordType.SYMLINK) {
      VolumeChecks.symlinkTarget(name, target);
    } else {
      VolumeChecks.perm(perm, op);
    }
    if (index.meta(Index.META_INODES) >= config.maxInodes()) {
      throw new FsException(Errno.ENOSPC, "op=" + op + " maxInodes=" + config.maxInodes());
    }
    long ino = index.meta(Index.META_NEXT_INO);
    return new Op.CreateNode(
        type, parent, name, ino, index.nextCookie(parent), perm, uid, gid, now.getAsLong(), target);
  }

  Op.Link link(long ino, long newParent, String newName) {
    InodeAttr a = checks.inode(ino, "link");
    checks.dirForNewName(newParent, newName, "link");
    if (a.type() == FileType.DIRECTORY) {
      throw new FsException(Errno.EPERM, "op=link ino=" + ino + " reason=directory");
    }
    if (a.nlink() == 0) {
      throw new FsException(Errno.ENOENT, "op=link ino=" + ino + " reason=unlinked");
    }
    return new Op.Link(ino, newParent, newName, index.nextCookie(newParent), now.getAsLong());
  }

  Op.Remove unlink(long parent, String name) {
    checks.dir(parent, "unlink");
    Names.check(name);
    Dirent d = checks.child(parent, name, "unlink");
    InodeAttr a = checks.inode(d.ino(), "unlink");
    if (a.type() == FileType.DIRECTORY) {
      throw new FsException(Errno.EISDIR, "op=unlink parent=" + parent + " name=" + name);
    }
    boolean keep = openCount.applyAsInt(d.ino()) > 0;
    return new Op.Remove(RecordType.UNLINK, parent, name, now.getAsLong(), keep);
  }

  Op.Remove rmdir(long parent, String name) {
    checks.dir(parent, "rmdir");
    Names.check(name);
    Dirent d = checks.child(parent, name, "rmdir");
    InodeAttr a = checks.inode(d.ino(), "rmdir");
    if (a.type() != FileType.DIRECTORY) {
      throw new FsException(Errno.ENOTDIR, "op=rmdir parent=" + parent + " name=" + name);
    }
    if (index.hasEntries(d.ino())) {
      throw new FsException(Errno.ENOTEMPTY, "op=rmdir parent=" + parent + " name=" + name);
    }
    boolean keep = openCount.applyAsInt(d.ino()) > 0;
    return new Op.Remove(RecordType.RMDIR, parent, name, now.getAsLong(), keep);
  }

  /** Null when source and target are the same inode (rename(2) then does nothing). */
  Op.Rename rename(long parent, String name, long newParent, String newName) {
    checks.dir(parent, "rename");
    Names.check(name);
    checks.dirForNewName(newParent, newName, "rename");
    Dirent src = checks.child(parent, name, "rename");
    checks.inode(src.ino(), "rename");
    Dirent dst = index.dirent(newParent, newName);
    String facts = "op=rename parent=" + parent + " name=" + name + " newParent=" + newParent;
    boolean srcDir = src.type() == FileType.DIRECTORY;
    if (srcDir && checks.isAncestorOrSelf(src.ino(), newParent)) {
      throw new FsException(Errno.EINVAL, facts + " reason=into_own_subtree");
    }
    if (dst != null
        && dst.type() == FileType.DIRECTORY
        && checks.isAncestorOrSelf(dst.ino(), parent)) {
      throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_is_ancestor");
    }
    if (dst != null && dst.ino() == src.ino()) {
      return null;
    }
    if (dst != null) {
      boolean dstDir = dst.type() == FileType.DIRECTORY;
      if (srcDir && !dstDir) {
        throw new FsException(Errno.ENOTDIR, facts + " reason=dir_over_non_dir");
      }
      if (!srcDir && dstDir) {
        throw new FsException(Errno.EISDIR, facts + " reason=non_dir_over_dir");
      }
      if (dstDir && index.hasEntries(dst.ino())) {
        throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_not_empty");
      }
    }
    boolean keep = dst != null && openCount.applyAsInt(dst.ino()) > 0;
    long cookie = index.nextCookie(newParent);
    return new Op.Rename(parent, name, newParent, newName, cookie, now.getAsLong(), keep);
  }

  /** Null for an empty change set. */
  Op.SetAttrs setattr(long ino, SetAttr c) {
    InodeAttr a = checks.inode(ino, "setattr");
    if (c.size() != null) {
      if (a.type() == FileType.DIRECTORY) {
        throw new FsException(Errno.EISDIR, "op=setattr ino=" + ino + " field=size");
      }
      if (a.type() != FileType.REGULAR) {
        throw new FsException(Errno.EINVAL, "op=setattr ino=" + ino + " type=" + a.type());
      }
      if (c.size() > VolumeChecks.MAX_FILE_SIZE) {
        throw new FsException(Errno.EFBIG, "op=setattr ino=" + ino + " size=" + c.size());
      }
    }
    int mask =
        (c.perm() != null ? SetAttrCodec.M_PERM : 0)
            | (c.uid() != null ? SetAttrCodec.M_UID : 0)
            | (c.gid() != null ? SetAttrCodec.M_GID : 0)
            | (c.size() != null ? SetAttrCodec.M_SIZE : 0)
            | (c.atimeNs() != null ? SetAttrCodec.M_ATIME : 0)
            | (c.mtimeNs() != null ? SetAttrCodec.M_MTIME : 0);
    if (mask == 0) {
      return null;
    }
    long t = now.getAsLong();
    return new Op.SetAttrs(
        ino,
        mask,
        c.perm() == null ? 0 : c.perm(),
        c.uid() == null ? 0 : c.uid(),
        c.gid() == null ? 0 : c.gid(),
        c.size() == null ? 0 : c.size(),
        resolve(c.atimeNs(), t),
        resolve(c.mtimeNs(), t),
        t);
  }

  private static long resolve(Long t, long now) {
    if (t == null) {
      return 0;
    }
    return t == SetAttr.NOW ? now : t;
  }

  Op.Xattr setxattr(long ino, String name, byte[] value, int flags) {
    checks.inode(ino, "setxattr");
    VolumeChecks.xattrName(ino, name, "setxattr");
    if (value == null) {
      throw new FsException(Errno.EINVAL, "op=setxattr ino=" + ino + " reason=null_value");
    }
    if (value.length > VolumeChecks.MAX_XATTR_VALUE_BYTES) {
      throw new FsException(
          Errno.ERANGE, "op=setxattr ino=" + ino + " name=" + name + " len=" + value.length);
    }
    if ((flags & ~(Volume.XATTR_CREATE | Volume.XATTR_REPLACE)) != 0) {
      throw new FsException(Errno.EINVAL, "op=setxattr ino=" + ino + " flags=" + flags);
    }
    boolean exists = index.xattr(ino, name) != null;
    if (exists && (flags & Volume.XATTR_CREATE) != 0) {
      throw new FsException(Errno.EEXIST, "op=setxattr ino=" + ino + " name=" + name);
    }
    if (!exists && (flags & Volume.XATTR_REPLACE) != 0) {
      throw new FsException(Errno.ENODATA, "op=setxattr ino=" + ino + " name=" + name);
    }
    return new Op.Xattr(ino, name, value.clone(), now.getAsLong());
  }

  Op.Xattr removexattr(long ino, String name) {
    checks.inode(ino, "removexattr");
    VolumeChecks.xattrName(ino, name, "removexattr");
    if (index.xattr(ino, name) == null) {
      throw new FsException(Errno.ENODATA, "op=removexattr ino=" + ino + " name=" + name);
    }
    return new Op.Xattr(ino, name, null, now.getAsLong());
  }
}
