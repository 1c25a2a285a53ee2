package dev.smfs.server.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A non-persistent {@link Volume} held in memory: the reference implementation that the log-backed
 * volume is checked against, and a usable scratch volume for the FUSE adapter.
 *
 * <p>Semantics follow Linux (ext4/tmpfs) as seen through FUSE with {@code default_permissions}:
 *
 * <ul>
 *   <li>Arguments are checked in this order, so every implementation reports the same errno for the
 *       same bad call: unknown inode (ENOENT), parent not a directory (ENOTDIR), parent directory
 *       already removed (ENOENT, for calls that add a name), name ({@link Names#check}: EINVAL,
 *       ENAMETOOLONG), then the operation's own rules.
 *   <li>Times: reads never change atime (as with {@code noatime}). A write of at least one byte and
 *       every size change set mtime and ctime. chmod, chown, utimes, link, unlink, rename (of the
 *       moved inode and of a replaced one) and xattr changes set the inode's ctime. Adding or
 *       removing a name sets mtime and ctime of the directory. A rename onto the same inode changes
 *       nothing. An empty {@link SetAttr} changes nothing.
 *   <li>A directory's nlink is 2 plus its subdirectories; its size is {@link #DIRECTORY_SIZE}. A
 *       symlink's size is its target's UTF-8 length and its perm is 0777.
 *   <li>An inode is freed when it has no name and no open handle; until then getattr, read and
 *       write work on it (nlink 0). A removed directory accepts no new names (ENOENT).
 *   <li>Files hold at most {@link #MAX_FILE_SIZE} bytes (EFBIG); a write is all or nothing.
 *       read/write on a directory is EISDIR, on a symlink EINVAL; a negative offset is EINVAL.
 *   <li>Symlink targets: empty is ENOENT, more than {@link #MAX_SYMLINK_BYTES} is ENAMETOOLONG.
 *   <li>Xattrs: names of 1..{@value #MAX_XATTR_NAME_BYTES} bytes and values up to {@value
 *       #MAX_XATTR_VALUE_BYTES} bytes, else ERANGE (Linux says E2BIG for a long value, which the
 *       API's {@link Errno} lacks); unknown flag bits EINVAL; listed in name order.
 *   <li>readdir: cookies come from a per-directory counter (see {@link MemDir}); {@code max < 1} or
 *       a negative cookie is EINVAL.
 *   <li>statfs: block size 4096; total blocks = capacity / 4096; used blocks = 64 KiB chunks held
 *       by file data (holes are free); inodes = the configured maximum and those in use. Writes
 *       that would exceed the capacity and creates beyond the inode maximum fail with ENOSPC.
 *   <li>release without a matching open is EBADF. fsync does nothing (nothing is durable).
 *   <li>The suid/sgid bits are not cleared on write or chown; the kernel asks for that itself.
 * </ul>
 *
 * <p>Thread-safety: one {@link ReentrantReadWriteLock} guards all state. Queries (getattr, lookup,
 * readlink, read, readdir, xattr reads, statfs) share the read lock; every mutation, including
 * open/release, takes the write lock, so each operation is atomic. Simple and correct rather than
 * scalable: this volume is an oracle first.
 */
public final class InMemoryVolume implements Volume {
  /** Largest file size: 16 TiB, as ext4 with 4 KiB blocks. */
  public static final long MAX_FILE_SIZE = 1L << 44;

  public static final int MAX_SYMLINK_BYTES = 4095;
  public static final int MAX_XATTR_NAME_BYTES = 255;
  public static final int MAX_XATTR_VALUE_BYTES = 64 * 1024;

  /** st_size of every directory. */
  public static final long DIRECTORY_SIZE = 4096;

  public static final long DEFAULT_CAPACITY_BYTES = 1L << 30;
  public static final long DEFAULT_MAX_INODES = 1L << 20;

  static final int BLOCK_SIZE = 4096;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;
  private final long capacityBytes;
  private final long maxInodes;

  // Guarded by lock.
  private final Map<Long, MemInode> inodes = new HashMap<>();
  private long nextIno = ROOT + 1;
  private long usedChunks;
  private boolean closed;

  /** A volume with the default capacity (1 GiB) and inode limit. */
  public InMemoryVolume(Clock clock) {
    this(clock, DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_INODES);
  }

  /** A volume whose root (perm 0755, uid/gid 0) is created at the clock's current time. */
  public InMemoryVolume(Clock clock, long capacityBytes, long maxInodes) {
    if (capacityBytes < MemFileData.CHUNK || maxInodes < 1) {
      throw new IllegalArgumentException(
          "capacityBytes=" + capacityBytes + " maxInodes=" + maxInodes + " too small");
    }
    this.clock = clock;
    this.capacityBytes = capacityBytes;
    this.maxInodes = maxInodes;
    inodes.put(ROOT, MemInode.directory(ROOT, ROOT, 0755, 0, 0, now()));
  }

  @Override
  public InodeAttr getattr(long ino) {
    return readLocked(() -> inode(ino, "getattr").attr());
  }

  @Override
  public InodeAttr lookup(long parent, String name) {
    return readLocked(
        () -> {
          MemInode dir = dir(parent, "lookup");
          Names.check(name);
          return inode(child(dir, name, "lookup"), "lookup").attr();
        });
  }

  @Override
  public InodeAttr create(long parent, String name, int perm, int uid, int gid) {
    return writeLocked(
        () -> {
          MemInode dir = dirForNewName(parent, name, "create");
          checkPerm(perm, "create");
          return addNode(dir, name, MemInode.file(allocIno("create"), perm, uid, gid, now()));
        });
  }

  @Override
  public InodeAttr mkdir(long parent, String name, int perm, int uid, int gid) {
    return writeLocked(
        () -> {
          MemInode dir = dirForNewName(parent, name, "mkdir");
          checkPerm(perm, "mkdir");
          MemInode d = MemInode.directory(allocIno("mkdir"), dir.ino, perm, uid, gid, now());
          dir.nlink++;
          return addNode(dir, name, d);
        });
  }

  @Override
  public InodeAttr symlink(long parent, String name, String target, int uid, int gid) {
    return writeLocked(
        () -> {
          MemInode dir = dirForNewName(parent, name, "symlink");
          if (target == null || target.isEmpty()) {
            throw new FsException(Errno.ENOENT, "op=symlink name=" + name + " reason=empty_target");
          }
          if (target.getBytes(StandardCharsets.UTF_8).length > MAX_SYMLINK_BYTES) {
            throw new FsException(Errno.ENAMETOOLONG, "op=symlink name=" + name);
          }
          return addNode(dir, name, MemInode.symlink(allocIno("symlink"), target, uid, gid, now()));
        });
  }

  @Override
  public String readlink(long ino) {
    return readLocked(
        () -> {
          MemInode n = inode(ino, "readlink");
          if (n.type != FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, "op=readlink ino=" + ino + " type=" + n.type);
          }
          return n.target;
        });
  }

  @Override
  public InodeAttr link(long ino, long newParent, String newName) {
    return writeLocked(
        () -> {
          MemInode n = inode(ino, "link");
          MemInode dir = dirForNewName(newParent, newName, "link");
          if (n.isDir()) {
            throw new FsException(Errno.EPERM, "op=link ino=" + ino + " reason=directory");
          }
          if (n.nlink == 0) {
            throw new FsException(Errno.ENOENT, "op=link ino=" + ino + " reason=unlinked");
          }
          long now = now();
          dir.dir.add(newName, n.ino);
          dir.touchModified(now);
          n.nlink++;
          n.ctimeNs = now;
          return n.attr();
        });
  }

  @Override
  public void unlink(long parent, String name) {
    writeLocked(
        () -> {
          MemInode dir = dir(parent, "unlink");
          Names.check(name);
          MemInode n = inode(child(dir, name, "unlink"), "unlink");
          if (n.isDir()) {
            throw new FsException(Errno.EISDIR, "op=unlink parent=" + parent + " name=" + name);
          }
          long now = now();
          dir.dir.remove(name);
          dir.touchModified(now);
          dropName(n, now);
          return null;
        });
  }

  @Override
  public void rmdir(long parent, String name) {
    writeLocked(
        () -> {
          MemInode dir = dir(parent, "rmdir");
          Names.check(name);
          MemInode n = inode(child(dir, name, "rmdir"), "rmdir");
          if (!n.isDir()) {
            throw new FsException(Errno.ENOTDIR, "op=rmdir parent=" + parent + " name=" + name);
          }
          if (!n.dir.isEmpty()) {
            throw new FsException(Errno.ENOTEMPTY, "op=rmdir parent=" + parent + " name=" + name);
          }
          long now = now();
          dir.dir.remove(name);
          dir.touchModified(now);
          dropName(n, now);
          return null;
        });
  }

  @Override
  public void rename(long parent, String name, long newParent, String newName) {
    writeLocked(
        () -> {
          MemInode from = dir(parent, "rename");
          Names.check(name);
          MemInode to = dirForNewName(newParent, newName, "rename");
          MemInode src = inode(child(from, name, "rename"), "rename");
          Long dstIno = to.dir.get(newName);
          MemInode dst = dstIno == null ? null : inode(dstIno, "rename");
          String facts = "op=rename parent=" + parent + " name=" + name + " newParent=" + newParent;
          if (src.isDir() && isAncestorOrSelf(src, to)) {
            throw new FsException(Errno.EINVAL, facts + " reason=into_own_subtree");
          }
          if (dst != null && dst.isDir() && isAncestorOrSelf(dst, from)) {
            throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_is_ancestor");
          }
          if (dst == src) {
            return null; // Same inode (same name or hard links): rename(2) does nothing.
          }
          if (dst != null) {
            if (src.isDir() && !dst.isDir()) {
              throw new FsException(Errno.ENOTDIR, facts + " reason=dir_over_non_dir");
            }
            if (!src.isDir() && dst.isDir()) {
              throw new FsException(Errno.EISDIR, facts + " reason=non_dir_over_dir");
            }
            if (dst.isDir() && !dst.dir.isEmpty()) {
              throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_not_empty");
            }
          }
          long now = now();
          if (dst != null) {
            to.dir.remove(newName);
            dropName(dst, now);
          }
          from.dir.remove(name);
          to.dir.add(newName, src.ino);
          if (src.isDir() && from != to) {
            from.nlink--;
            to.nlink++;
            src.parent = to.ino;
          }
          src.ctimeNs = now;
          from.touchModified(now);
          to.touchModified(now);
          return null;
        });
  }

  @Override
  public void open(long ino) {
    writeLocked(() -> inode(ino, "open").openCount++);
  }

  @Override
  public void release(long ino) {
    writeLocked(
        () -> {
          MemInode n = inode(ino, "release");
          if (n.openCount == 0) {
            throw new FsException(Errno.EBADF, "op=release ino=" + ino + " reason=not_open");
          }
          n.openCount--;
          freeIfUnused(n);
          return null;
        });
  }

  @Override
  public int read(long ino, long offset, ByteBuffer dst) {
    return readLocked(() -> fileData(ino, offset, "read").read(offset, dst));
  }

  @Override
  public int write(long ino, long offset, ByteBuffer src) {
    return writeLocked(
        () -> {
          MemFileData data = fileData(ino, offset, "write");
          int len = src.remaining();
          if (len == 0) {
            return 0;
          }
          if (offset > MAX_FILE_SIZE - len) {
            throw new FsException(
                Errno.EFBIG, "op=write ino=" + ino + " offset=" + offset + " len=" + len);
          }
          long extra = data.newChunksFor(offset, len);
          reserveChunks(extra, "op=write ino=" + ino);
          data.write(offset, src);
          inodes.get(ino).touchModified(now());
          return len;
        });
  }

  @Override
  public InodeAttr setattr(long ino, SetAttr changes) {
    return writeLocked(() -> MemSetAttr.apply(inode(ino, "setattr"), changes, this));
  }

  @Override
  public List<DirEntry> readdir(long ino, long afterCookie, int max) {
    return readLocked(
        () -> {
          MemInode d = dir(ino, "readdir");
          if (max < 1 || afterCookie < 0) {
            throw new FsException(
                Errno.EINVAL, "op=readdir ino=" + ino + " after=" + afterCookie + " max=" + max);
          }
          List<DirEntry> out = new ArrayList<>();
          for (MemDir.Entry e : d.dir.after(afterCookie).values()) {
            if (out.size() == max) {
              break;
            }
            out.add(new DirEntry(e.name(), e.ino(), inodes.get(e.ino()).type, e.cookie()));
          }
          return out;
        });
  }

  @Override
  public StatFs statfs() {
    return readLocked(
        () -> {
          long total = capacityBytes / BLOCK_SIZE;
          long free = total - usedChunks * (MemFileData.CHUNK / BLOCK_SIZE);
          return new StatFs(
              BLOCK_SIZE, total, free, free, maxInodes, maxInodes - inodes.size(), MAX_NAME_BYTES);
        });
  }

  @Override
  public void setxattr(long ino, String name, byte[] value, int flags) {
    writeLocked(
        () -> {
          MemXattrs.set(inode(ino, "setxattr"), name, value, flags, now());
          return null;
        });
  }

  @Override
  public byte[] getxattr(long ino, String name) {
    return readLocked(() -> MemXattrs.get(inode(ino, "getxattr"), name));
  }

  @Override
  public List<String> listxattr(long ino) {
    return readLocked(() -> List.copyOf(inode(ino, "listxattr").xattrs.keySet()));
  }

  @Override
  public void removexattr(long ino, String name) {
    writeLocked(
        () -> {
          MemXattrs.remove(inode(ino, "removexattr"), name, now());
          return null;
        });
  }

  @Override
  public void fsync(long ino) {
    readLocked(() -> inode(ino, "fsync"));
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      inodes.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  // ---- helpers; all called with the lock held ----

  /** The clock's time in nanoseconds since the epoch. */
  long now() {
    Instant t = clock.instant();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Accounts for {@code extra} new data chunks; ENOSPC if they exceed the capacity. */
  void reserveChunks(long extra, String facts) {
    if ((usedChunks + extra) * MemFileData.CHUNK > capacityBytes) {
      throw new FsException(Errno.ENOSPC, facts + " capacityBytes=" + capacityBytes);
    }
    usedChunks += extra;
  }

  /** Returns chunks freed by a truncation or a freed inode to the pool. */
  void releaseChunks(long chunks) {
    usedChunks -= chunks;
  }

  private MemInode inode(long ino, String op) {
    MemInode n = inodes.get(ino);
    if (n == null) {
      throw new FsException(Errno.ENOENT, "op=" + op + " ino=" + ino);
    }
    return n;
  }

  private MemInode dir(long ino, String op) {
    MemInode n = inode(ino, op);
    if (!n.isDir()) {
      throw new FsException(Errno.ENOTDIR, "op=" + op + " ino=" + ino + " type=" + n.type);
    }
    return n;
  }

  /** A live directory that may receive {@code name}; the name is checked but may exist. */
  private MemInode dirForNewName(long parent, String name, String op) {
    MemInode d = dir(parent, op);
    if (d.nlink == 0) {
      throw new FsException(Errno.ENOENT, "op=" + op + " parent=" + parent + " reason=removed");
    }
    Names.check(name);
    if (!op.equals("rename") && d.dir.get(name) != null) {
      throw new FsException(Errno.EEXIST, "op=" + op + " parent=" + parent + " name=" + name);
    }
    return d;
  }

  private static long child(MemInode dir, String name, String op) {
    Long ino = dir.dir.get(name);
    if (ino == null) {
      throw new FsException(Errno.ENOENT, "op=" + op + " parent=" + dir.ino + " name=" + name);
    }
    return ino;
  }

  private MemFileData fileData(long ino, long offset, String op) {
    MemInode n = inode(ino, op);
    if (n.isDir()) {
      throw new FsException(Errno.EISDIR, "op=" + op + " ino=" + ino);
    }
    if (n.type != FileType.REGULAR || offset < 0) {
      throw new FsException(
          Errno.EINVAL, "op=" + op + " ino=" + ino + " type=" + n.type + " offset=" + offset);
    }
    return n.data;
  }

  private static void checkPerm(int perm, String op) {
    if ((perm & ~07777) != 0) {
      throw new FsException(Errno.EINVAL, "op=" + op + " perm=" + Integer.toOctalString(perm));
    }
  }

  private long allocIno(String op) {
    if (inodes.size() >= maxInodes) {
      throw new FsException(Errno.ENOSPC, "op=" + op + " maxInodes=" + maxInodes);
    }
    return nextIno++;
  }

  private InodeAttr addNode(MemInode dir, String name, MemInode n) {
    inodes.put(n.ino, n);
    dir.dir.add(name, n.ino);
    dir.touchModified(n.ctimeNs);
    return n.attr();
  }

  /** One name of {@code n} is gone (its directory entry already removed). */
  private void dropName(MemInode n, long now) {
    if (n.isDir()) {
      n.nlink = 0;
      inode(n.parent, "drop").nlink--;
    } else {
      n.nlink--;
    }
    n.ctimeNs = now;
    freeIfUnused(n);
  }

  private void freeIfUnused(MemInode n) {
    if (n.nlink == 0 && n.openCount == 0) {
      inodes.remove(n.ino);
      if (n.data != null) {
        releaseChunks(n.data.chunkCount());
      }
    }
  }

  private boolean isAncestorOrSelf(MemInode ancestor, MemInode dir) {
    MemInode d = dir;
    while (true) {
      if (d == ancestor) {
        return true;
      }
      if (d.ino == ROOT) {
        return false;
      }
      d = inode(d.parent, "ancestry");
    }
  }

  private <T> T readLocked(Supplier<T> body) {
    lock.readLock().lock();
    try {
      checkOpen();
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T writeLocked(Supplier<T> body) {
    lock.writeLock().lock();
    try {
      checkOpen();
      return body.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("volume closed");
    }
  }
}
