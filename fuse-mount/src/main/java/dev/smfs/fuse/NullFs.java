package dev.smfs.fuse;

import dev.smfs.server.volume.Errno;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The do-nothing file system that bounds what any jnr-fuse file system can reach on this machine:
 * it remembers only each file's size, a write returns its size at once and a read returns zeros.
 * {@code smfs bench fuse} mounts it with SMFS's options and operation flags to measure the ceiling.
 * Like SMFS it asks the kernel to keep a file's cached pages across opens, so its re-read figure is
 * the kernel's own FUSE page-cache rate, the ceiling of any re-read through a FUSE mount.
 *
 * <p>Thread-safety: concurrent maps; the kernel serialises writes to one file.
 */
final class NullFs extends MountableFs {
  private static final int ENOENT = Errno.ENOENT.code();
  private static final int EEXIST = Errno.EEXIST.code();
  private static final int DIR_MODE = FileStat.S_IFDIR | 0755;
  private static final int FILE_MODE = FileStat.S_IFREG | 0644;

  /** A file's size, shared by its name and its open handles. */
  private static final class Node {
    final long id;
    final AtomicLong size = new AtomicLong();

    Node(long id) {
      this.id = id;
    }
  }

  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<String, Node> files = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Node> open = new ConcurrentHashMap<>();
  private final Set<String> dirs = ConcurrentHashMap.newKeySet();

  NullFs() {
    setOperationFlags(NULLPATH_OK | NOPATH | UTIME_OMIT_OK);
  }

  @Override
  public int getattr(String path, FileStat stat) {
    if (path.equals("/") || dirs.contains(path)) {
      stat.st_mode.set(DIR_MODE);
      stat.st_nlink.set(2);
      return 0;
    }
    Node node = files.get(path);
    if (node == null) {
      return -ENOENT;
    }
    fill(stat, node);
    return 0;
  }

  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    fill(stat, open.get(fi.fh.get()));
    return 0;
  }

  private static void fill(FileStat stat, Node node) {
    stat.st_mode.set(FILE_MODE);
    stat.st_nlink.set(1);
    stat.st_size.set(node.size.get());
  }

  @Override
  public int mkdir(String path, @mode_t long mode) {
    return dirs.add(path) ? 0 : -EEXIST;
  }

  /** Directories are not tracked for emptiness: the bench empties them first. */
  @Override
  public int rmdir(String path) {
    return dirs.remove(path) ? 0 : -ENOENT;
  }

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    Node node = files.computeIfAbsent(path, p -> new Node(ids.incrementAndGet()));
    open.put(node.id, node);
    fi.fh.set(node.id);
    FileInfoFlags.keepCache(fi);
    return 0;
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    Node node = files.get(path);
    if (node == null) {
      return -ENOENT;
    }
    open.put(node.id, node);
    fi.fh.set(node.id);
    FileInfoFlags.keepCache(fi);
    return 0;
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    return 0;
  }

  @Override
  public int write(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    open.get(fi.fh.get()).size.accumulateAndGet(offset + size, Math::max);
    return (int) size;
  }

  @Override
  public int read(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    long length = open.get(fi.fh.get()).size.get();
    long n = Math.max(0, Math.min(size, length - offset));
    buf.setMemory(0, n, (byte) 0);
    return (int) n;
  }

  @Override
  public int truncate(String path, @off_t long size) {
    Node node = files.get(path);
    if (node == null) {
      return -ENOENT;
    }
    node.size.set(size);
    return 0;
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    open.get(fi.fh.get()).size.set(size);
    return 0;
  }

  @Override
  public int unlink(String path) {
    return files.remove(path) == null ? -ENOENT : 0;
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
    return 0;
  }

  @Override
  public int opendir(String path, FuseFileInfo fi) {
    return 0;
  }

  @Override
  public int readdir(
      String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
    filter.apply(buf, ".", null, 0);
    filter.apply(buf, "..", null, 0);
    return 0;
  }
}
