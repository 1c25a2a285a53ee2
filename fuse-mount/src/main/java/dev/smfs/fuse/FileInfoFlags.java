package dev.smfs.fuse;

import java.lang.reflect.Method;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The bit flags of libfuse 2's {@code struct fuse_file_info}, which jnr-fuse declares only as
 * padding.
 *
 * <p>Layout (LP64, libfuse 2.9): {@code int flags; unsigned long fh_old; int writepage; unsigned
 * direct_io:1, keep_cache:1, flush:1, nonseekable:1, flock_release:1, padding:27; uint64_t fh;
 * uint64_t lock_owner;}. The flag word is the 32 bits right before {@code fh}, whose offset jnr
 * computes correctly (every handle goes through it), and bit fields start at bit 0 on the
 * little-endian platforms libfuse 2 runs on here.
 */
final class FileInfoFlags {
  static final int DIRECT_IO = 1;
  static final int KEEP_CACHE = 1 << 1;

  private static final long FLAGS_OFFSET = fhOffset() - 4;

  private FileInfoFlags() {}

  /**
   * Tells the kernel to keep the file's page cache on this open. Safe for SMFS: the volume changes
   * only through this mount (its data directory is locked, a mirror is never written by hand), and
   * the kernel updates or drops cached pages itself on write and truncate through the mount.
   */
  static void keepCache(FuseFileInfo fi) {
    set(fi, KEEP_CACHE);
  }

  static int get(FuseFileInfo fi) {
    return Struct.getMemory(fi).getInt(FLAGS_OFFSET);
  }

  private static void set(FuseFileInfo fi, int bits) {
    jnr.ffi.Pointer memory = Struct.getMemory(fi);
    memory.putInt(FLAGS_OFFSET, memory.getInt(FLAGS_OFFSET) | bits);
  }

  /** jnr's offset of {@code fh}; {@code offset()} is declared on a package-private jnr class. */
  private static long fhOffset() {
    try {
      FuseFileInfo probe = FuseFileInfo.of(jnr.ffi.Memory.allocateDirect(runtime(), 64));
      Method offset = Class.forName("jnr.ffi.Struct$Member").getDeclaredMethod("offset");
      offset.setAccessible(true);
      return (Long) offset.invoke(probe.fh);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("jnr-fuse layout changed: no offset of fh", e);
    }
  }

  private static jnr.ffi.Runtime runtime() {
    return jnr.ffi.Runtime.getSystemRuntime();
  }
}
