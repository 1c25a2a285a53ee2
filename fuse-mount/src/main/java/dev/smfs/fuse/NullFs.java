package dev.smfs.fuse;

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
 * {@code smfs bench fuse} mounts it with the same options as SMFS to measure the ceiling.
 *
 * <p>Thread-safety: the size map is concurrent; the kernel serialises writes to one file.
 */
final class NullFs extends MountableFs {
  private static final int DIR_MODE = FileStat.S_IFDIR | 0755;
  private static final int FILE_MODE = FileStat.S_IFREG;

  private final ConcurrentHashMap<String, AtomicLong> sizes = new ConcurrentHashMap<>();

  @Override
  public int getattr(String path, FileStat stat) {
    if (path.equals("/")) {
      stat.st_mode.set(DIR_MODE);
      stat.st_nlink.set(2);
      return 0;
    }
    AtomicLong size = sizes.get(path);
    if (size == null) {
      return -2; // ENOENT
    }
    stat.st_mode.set(FILE_MODE | 0644);
    stat.st_nlink.set(1);
    stat.st_size.set(size.get());
    return 0;
  }

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    sizes.putIfAbsent(path, new AtomicLong());
    return 0;
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return sizes.containsKey(path) ? 0 : -2;
  }

  @Override
  public int write(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    sizes.computeIfAbsent(path, p -> new AtomicLong()).accumulateAndGet(offset + size, Math::max);
    return (int) size;
  }

  @Override
  public int read(
      String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    AtomicLong length = sizes.get(path);
    long n = length == null ? 0 : Math.max(0, Math.min(size, length.get() - offset));
    buf.setMemory(0, n, (byte) 0);
    return (int) n;
  }

  @Override
  public int truncate(String path, @off_t long size) {
    AtomicLong length = sizes.get(path);
    if (length == null) {
      return -2;
    }
    length.set(size);
    return 0;
  }

  @Override
  public int unlink(String path) {
    return sizes.remove(path) == null ? -2 : 0;
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
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
