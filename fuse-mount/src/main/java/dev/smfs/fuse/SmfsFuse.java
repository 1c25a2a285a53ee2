package dev.smfs.fuse;

import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE adapter: libfuse's path-based high-level operations over an inode-based {@link Volume}.
 *
 * <p>Errors: every operation runs through {@link #call}, the one place where an {@link FsException}
 * becomes {@code -errno}; any other exception is a bug, answered with {@code -EIO} and logged once
 * (at that point, with its stack trace). {@link #call} also counts operations and errors, and
 * write/fsync record their latency ({@link FuseMetrics}).
 *
 * <p>Files: open and create put the inode (and the O_APPEND flag) in {@code fi.fh} and mark the
 * inode open in the volume; read, write, fsync, ftruncate, fgetattr and release use the handle, not
 * the path, so a file unlinked while open keeps working until its last release (the mount uses
 * {@code hard_remove}).
 *
 * <p>Thread-safety: stateless apart from the volume, which is thread-safe, so libfuse's
 * multithreaded loop may call every method concurrently.
 */
public final class SmfsFuse extends MountableFs {
  private static final Logger LOG = LoggerFactory.getLogger(SmfsFuse.class);

  private static final int O_ACCMODE = 03;
  private static final int O_RDONLY = 0;
  private static final int O_EXCL = 0200;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  /** Linux ENOSYS: "not implemented", which FUSE takes as "never ask again" for fsync. */
  private static final int ENOSYS = 38;

  private final Volume volume;
  private final PathWalker paths;
  private final FuseMetrics metrics;
  private final boolean durableOnReturn;
  private final boolean xattrs;

  /** An adapter whose meters go nowhere. */
  public SmfsFuse(Volume volume) {
    this(volume, FuseMetrics.noop());
  }

  public SmfsFuse(Volume volume, FuseMetrics metrics) {
    this(volume, metrics, false);
  }

  /**
   * @param durableOnReturn true when every change the volume accepts has reached the mount's safety
   *     level before the call returns (local-sync and stronger: each mutating call awaits its
   *     record). {@link #fsync} and {@link #fsyncdir} then have nothing left to wait for, and
   *     answer {@code ENOSYS} so that the kernel stops sending them (see {@link #fsync}).
   */
  public SmfsFuse(Volume volume, FuseMetrics metrics, boolean durableOnReturn) {
    this(volume, metrics, durableOnReturn, true);
  }

  /**
   * As above; with {@code xattrs} false ({@code smfs mount --no-xattrs}) the four extended
   * attribute calls answer {@code ENOSYS}, which the kernel remembers for the mount: from then on
   * it answers them itself with {@code EOPNOTSUPP}. That includes the {@code getxattr
   * security.capability} the kernel otherwise sends before every write to learn whether the write
   * must drop file capabilities (FUSE never marks an inode as having none): one round trip per
   * write less, about 25 µs here. The volume's stored attributes stay where they are, unreachable
   * until a mount without the flag.
   */
  public SmfsFuse(Volume volume, FuseMetrics metrics, boolean durableOnReturn, boolean xattrs) {
    this.volume = volume;
    this.paths = new PathWalker(volume);
    this.metrics = metrics;
    this.durableOnReturn = durableOnReturn;
    this.xattrs = xattrs;
    setOperationFlags(NULLPATH_OK | NOPATH | UTIME_OMIT_OK);
  }

  /** A volume operation that returns 0 or a byte count, or throws. */
  @FunctionalInterface
  private interface Op {
    int run();
  }

  /**
   * Runs {@code op}, counting it and its error; the only mapping from exceptions to {@code -errno}
   * in SMFS.
   */
  private int call(FuseOp name, String path, Op op) {
    metrics.op(name);
    try {
      return op.run();
    } catch (FsException e) {
      metrics.error(name, e.errno());
      return -e.errno().code();
    } catch (RuntimeException | Error e) {
      LOG.error("op={} path={} unexpected failure, answering EIO", name.tag(), path, e);
      metrics.error(name, Errno.EIO);
      return -Errno.EIO.code();
    }
  }

  /** As {@link #call}, recording the latency of a successful write or fsync. */
  private int timed(FuseOp name, String path, Op op) {
    long start = System.nanoTime();
    int r = call(name, path, op);
    if (r >= 0) {
      metrics.latency(name, start);
    }
    return r;
  }

  private int uid() {
    return (int) getContext().uid.get();
  }

  private int gid() {
    return (int) getContext().gid.get();
  }

  @Override
  public int getattr(String path, FileStat stat) {
    return call(
        FuseOp.GETATTR,
        path,
        () -> {
          Stats.fill(stat, volume.getattr(paths.resolve(path)));
          return 0;
        });
  }

  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    return call(
        FuseOp.FGETATTR,
        path,
        () -> {
          Stats.fill(stat, volume.getattr(Handles.ino(fi.fh.get())));
          return 0;
        });
  }

  /** Directory handles carry the inode too: with {@code nopath}, readdir gets no path. */
  @Override
  public int opendir(String path, FuseFileInfo fi) {
    return call(
        FuseOp.OPENDIR,
        path,
        () -> {
          fi.fh.set(Handles.of(paths.resolve(path), false));
          return 0;
        });
  }

  @Override
  public int releasedir(String path, FuseFileInfo fi) {
    metrics.op(FuseOp.RELEASEDIR);
    return 0;
  }

  @Override
  public int readdir(
      String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
    return call(
        FuseOp.READDIR,
        path,
        () -> DirListing.fill(volume, Handles.ino(fi.fh.get()), buf, filler, offset));
  }

  @Override
  public int mkdir(String path, @mode_t long mode) {
    return call(
        FuseOp.MKDIR,
        path,
        () -> {
          PathWalker.Parent p = paths.parent(path);
          volume.mkdir(p.ino(), p.name(), (int) mode & 07777, uid(), gid());
          return 0;
        });
  }

  @Override
  public int mknod(String path, @mode_t long mode, long rdev) {
    return call(
        FuseOp.MKNOD,
        path,
        () -> {
          if (((int) mode & FileType.S_IFMT) != FileType.REGULAR.bits()) {
            throw new FsException(Errno.EPERM, "op=mknod path=" + path + " reason=not_regular");
          }
          PathWalker.Parent p = paths.parent(path);
          volume.create(p.ino(), p.name(), (int) mode & 07777, uid(), gid());
          return 0;
        });
  }

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    return call(
        FuseOp.CREATE,
        path,
        () -> {
          int flags = fi.flags.get();
          PathWalker.Parent p = paths.parent(path);
          long ino;
          try {
            ino = volume.create(p.ino(), p.name(), (int) mode & 07777, uid(), gid()).ino();
          } catch (FsException e) {
            // Lost a race with another creator: without O_EXCL, O_CREAT opens the existing file.
            if (e.errno() != Errno.EEXIST || (flags & O_EXCL) != 0) {
              throw e;
            }
            ino = volume.lookup(p.ino(), p.name()).ino();
            if ((flags & O_TRUNC) != 0) {
              volume.setattr(ino, SetAttr.size(0));
            }
          }
          volume.open(ino);
          fi.fh.set(Handles.of(ino, (flags & O_APPEND) != 0));
          FileInfoFlags.keepCache(fi);
          return 0;
        });
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return call(
        FuseOp.OPEN,
        path,
        () -> {
          int flags = fi.flags.get();
          long ino = paths.resolve(path);
          if ((flags & O_TRUNC) != 0 && (flags & O_ACCMODE) != O_RDONLY) {
            volume.setattr(ino, SetAttr.size(0));
          }
          volume.open(ino);
          fi.fh.set(Handles.of(ino, (flags & O_APPEND) != 0));
          FileInfoFlags.keepCache(fi);
          return 0;
        });
  }

  @Override
  public int read(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    return call(
        FuseOp.READ,
        path,
        () -> {
          long ino = Handles.ino(fi.fh.get());
          ByteBuffer view = NativeBuffers.view(buf, size);
          ByteBuffer dst = view != null ? view : ByteBuffer.allocate((int) size);
          readFully(ino, offset, dst);
          if (view == null) {
            buf.put(0, dst.array(), 0, dst.position());
          }
          return dst.position();
        });
  }

  /** Fills {@code dst} up to its limit or end of file: a short FUSE read means end of file. */
  private void readFully(long ino, long offset, ByteBuffer dst) {
    long at = offset;
    while (dst.hasRemaining()) {
      int n = volume.read(ino, at, dst);
      if (n <= 0) {
        return;
      }
      at += n;
    }
  }

  @Override
  public int write(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    return timed(
        FuseOp.WRITE,
        path,
        () -> {
          long fh = fi.fh.get();
          long ino = Handles.ino(fh);
          ByteBuffer src = NativeBuffers.view(buf, size);
          if (src == null) {
            byte[] copy = new byte[(int) size];
            buf.get(0, copy, 0, copy.length);
            src = ByteBuffer.wrap(copy);
          }
          // The kernel serialises writes to one inode and already points O_APPEND writes at its
          // idea of the size; asking the volume makes appends right even if that idea is stale.
          long at = Handles.append(fh) ? volume.getattr(ino).size() : offset;
          return volume.write(ino, at, src);
        });
  }

  @Override
  public int truncate(String path, @off_t long size) {
    return call(
        FuseOp.TRUNCATE,
        path,
        () -> {
          volume.setattr(paths.resolve(path), SetAttr.size(size));
          return 0;
        });
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    return call(
        FuseOp.FTRUNCATE,
        path,
        () -> {
          volume.setattr(Handles.ino(fi.fh.get()), SetAttr.size(size));
          return 0;
        });
  }

  @Override
  public int unlink(String path) {
    return call(
        FuseOp.UNLINK,
        path,
        () -> {
          PathWalker.Parent p = paths.parent(path);
          volume.unlink(p.ino(), p.name());
          return 0;
        });
  }

  @Override
  public int rmdir(String path) {
    return call(
        FuseOp.RMDIR,
        path,
        () -> {
          PathWalker.Parent p = paths.parent(path);
          volume.rmdir(p.ino(), p.name());
          return 0;
        });
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return call(
        FuseOp.RENAME,
        oldpath,
        () -> {
          PathWalker.Parent from = paths.parent(oldpath);
          PathWalker.Parent to = paths.parent(newpath);
          volume.rename(from.ino(), from.name(), to.ino(), to.name());
          return 0;
        });
  }

  /** {@code symlink(target, linkPath)}: jnr-fuse passes the link's target first. */
  @Override
  public int symlink(String target, String linkPath) {
    return call(
        FuseOp.SYMLINK,
        linkPath,
        () -> {
          PathWalker.Parent p = paths.parent(linkPath);
          volume.symlink(p.ino(), p.name(), target, uid(), gid());
          return 0;
        });
  }

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    return call(
        FuseOp.READLINK,
        path,
        () -> {
          byte[] target = volume.readlink(paths.resolve(path)).getBytes(StandardCharsets.UTF_8);
          // libfuse wants a NUL-terminated string, truncated to fit as readlink(2) truncates.
          int n = (int) Math.min(target.length, size - 1);
          buf.put(0, target, 0, n);
          buf.putByte(n, (byte) 0);
          return 0;
        });
  }

  @Override
  public int link(String oldpath, String newpath) {
    return call(
        FuseOp.LINK,
        newpath,
        () -> {
          long ino = paths.resolve(oldpath);
          PathWalker.Parent to = paths.parent(newpath);
          volume.link(ino, to.ino(), to.name());
          return 0;
        });
  }

  @Override
  public int chmod(String path, @mode_t long mode) {
    return call(
        FuseOp.CHMOD,
        path,
        () -> {
          volume.setattr(paths.resolve(path), SetAttr.perm((int) mode & 07777));
          return 0;
        });
  }

  /** {@code -1} (all ones as uid_t/gid_t) leaves the owner or group unchanged. */
  @Override
  public int chown(String path, long uid, long gid) {
    return call(
        FuseOp.CHOWN,
        path,
        () -> {
          Integer u = (int) uid == -1 ? null : (int) uid;
          Integer g = (int) gid == -1 ? null : (int) gid;
          if (u != null || g != null) {
            volume.setattr(paths.resolve(path), SetAttr.owner(u, g));
          }
          return 0;
        });
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
    return call(
        FuseOp.UTIMENS,
        path,
        () -> {
          Long atime = time(timespec[0]);
          Long mtime = time(timespec[1]);
          if (atime != null || mtime != null) {
            volume.setattr(paths.resolve(path), SetAttr.times(atime, mtime));
          }
          return 0;
        });
  }

  /** Nanoseconds since the epoch, {@link SetAttr#NOW} for UTIME_NOW, null for UTIME_OMIT. */
  private static Long time(Timespec ts) {
    long nsec = ts.tv_nsec.longValue();
    if (nsec == UTIME_OMIT) {
      return null;
    }
    if (nsec == UTIME_NOW) {
      return SetAttr.NOW;
    }
    return Math.addExact(Math.multiplyExact(ts.tv_sec.get(), 1_000_000_000L), nsec);
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    return call(
        FuseOp.STATFS,
        path,
        () -> {
          Stats.fill(stbuf, volume.statfs());
          return 0;
        });
  }

  @Override
  public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
    if (!xattrs) {
      return notSupported(FuseOp.SETXATTR);
    }
    return call(
        FuseOp.SETXATTR,
        path,
        () -> {
          Xattrs.checkSettable(path, name);
          byte[] bytes = new byte[(int) size];
          value.get(0, bytes, 0, bytes.length);
          volume.setxattr(paths.resolve(path), name, bytes, flags);
          return 0;
        });
  }

  /** See {@link Xattrs} for the names never stored and the size protocol. */
  @Override
  public int getxattr(String path, String name, Pointer value, @size_t long size) {
    if (!xattrs) {
      return notSupported(FuseOp.GETXATTR);
    }
    if (Xattrs.neverStored(name)) {
      metrics.op(FuseOp.GETXATTR);
      metrics.error(FuseOp.GETXATTR, Errno.ENODATA);
      return -Errno.ENODATA.code(); // Asked before every write(2): no exception, no lookup.
    }
    return call(
        FuseOp.GETXATTR,
        path,
        () ->
            Xattrs.copyOut(
                volume.getxattr(paths.resolve(path), name), value, size, "getxattr", path));
  }

  @Override
  public int listxattr(String path, Pointer list, @size_t long size) {
    if (!xattrs) {
      return notSupported(FuseOp.LISTXATTR);
    }
    return call(
        FuseOp.LISTXATTR,
        path,
        () ->
            Xattrs.copyOut(
                Xattrs.nameList(volume.listxattr(paths.resolve(path))),
                list,
                size,
                "listxattr",
                path));
  }

  @Override
  public int removexattr(String path, String name) {
    if (!xattrs) {
      return notSupported(FuseOp.REMOVEXATTR);
    }
    if (Xattrs.neverStored(name)) {
      metrics.op(FuseOp.REMOVEXATTR);
      metrics.error(FuseOp.REMOVEXATTR, Errno.ENODATA);
      return -Errno.ENODATA.code();
    }
    return call(
        FuseOp.REMOVEXATTR,
        path,
        () -> {
          volume.removexattr(paths.resolve(path), name);
          return 0;
        });
  }

  /** A call of a kind the mount does not serve ({@code --no-xattrs}): the kernel stops asking. */
  private int notSupported(FuseOp op) {
    metrics.op(op);
    return -ENOSYS;
  }

  /**
   * At async, waits for every change so far to be durable. At the other levels every write and
   * every other change was durable (at its level) when its call returned, so there is nothing to
   * wait for: the answer is {@code ENOSYS}, which the kernel takes as "fsync needs no server" and
   * remembers for the mount, answering later fsync(2) calls with success itself after writing back
   * any dirty mmap pages (those writes come here and wait like any other). That saves one FUSE
   * round trip per {@code O_DSYNC} write, where the kernel follows every write with an fsync.
   */
  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    if (durableOnReturn) {
      metrics.op(FuseOp.FSYNC);
      return -ENOSYS;
    }
    return timed(
        FuseOp.FSYNC,
        path,
        () -> {
          volume.fsync(Handles.ino(fi.fh.get()));
          return 0;
        });
  }

  /**
   * jnr-fuse 0.5.8 declares this callback without libfuse's {@code int datasync} argument, so
   * {@code fi} is not a valid pointer here and must not be touched. Volume.fsync waits for every
   * change before it whatever inode it is given, so syncing through the root is equivalent.
   */
  @Override
  public int fsyncdir(String path, FuseFileInfo fi) {
    if (durableOnReturn) {
      metrics.op(FuseOp.FSYNCDIR);
      return -ENOSYS; // as fsync: every directory change was durable when its call returned
    }
    return timed(
        FuseOp.FSYNCDIR,
        path,
        () -> {
          volume.fsync(Volume.ROOT);
          return 0;
        });
  }

  /** close(2) of one descriptor: nothing to do, durability is fsync's business. */
  @Override
  public int flush(String path, FuseFileInfo fi) {
    metrics.op(FuseOp.FLUSH);
    return 0;
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    return call(
        FuseOp.RELEASE,
        path,
        () -> {
          volume.release(Handles.ino(fi.fh.get()));
          return 0;
        });
  }

  /** With default_permissions the kernel checks access itself; this only answers existence. */
  @Override
  public int access(String path, int mask) {
    return call(
        FuseOp.ACCESS,
        path,
        () -> {
          paths.resolve(path);
          return 0;
        });
  }
}
