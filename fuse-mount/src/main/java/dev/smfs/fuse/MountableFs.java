package dev.smfs.fuse;

import java.lang.reflect.Method;
import java.nio.file.Path;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * Base of the file systems this package mounts.
 *
 * <p>jnr-fuse keeps a "mounted" flag that only its own {@code umount()} clears, and a shutdown hook
 * that unmounts while the flag is set; when the mount ends some other way ({@code fusermount -u}
 * from {@code smfs umount}), {@link FuseMount} clears the flag here so that hook does not try to
 * unmount a second time and fail.
 *
 * <p>libfuse 2's {@code fuse_operations} ends its callbacks with a word of bit flags that jnr-fuse
 * declares but never sets. Subclasses set them through {@link #setOperationFlags}:
 *
 * <ul>
 *   <li>{@link #NULLPATH_OK} and {@link #NOPATH}: operations on an open file handle (read, write,
 *       fsync, release...) get a null path instead of one libfuse computes under its tree lock; the
 *       file system must use {@code fi.fh} there.
 *   <li>{@link #UTIME_OMIT_OK}: without it libfuse 2 silently drops a setattr that changes only one
 *       of atime and mtime ({@code touch -m}, tar's {@code futimens} with {@code UTIME_OMIT}); with
 *       it, {@code utimens} receives {@code UTIME_OMIT}/{@code UTIME_NOW}.
 * </ul>
 */
abstract class MountableFs extends FuseStubFS {
  static final int NULLPATH_OK = 1;
  static final int NOPATH = 1 << 1;
  static final int UTIME_OMIT_OK = 1 << 2;

  /**
   * Sets the flag word. It is a C bit field (bit 0 first on little-endian x86-64 and aarch64),
   * which jnr-fuse lays out as single bytes starting at {@code flag_nullpath_ok}; the low byte of
   * the word is that first byte.
   */
  final void setOperationFlags(int flags) {
    Struct.getMemory(fuseOperations).putByte(flagsOffset(), (byte) flags);
  }

  /**
   * jnr's offset of {@code flag_nullpath_ok}. {@code offset()} is public but declared on a
   * package-private jnr class, so it is called reflectively (jnr is in the unnamed module).
   */
  private long flagsOffset() {
    try {
      Object member = FuseOperations.class.getField("flag_nullpath_ok").get(fuseOperations);
      Method offset = Class.forName("jnr.ffi.Struct$Member").getDeclaredMethod("offset");
      offset.setAccessible(true);
      return (Long) offset.invoke(member);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("jnr-fuse layout changed: no offset of flag_nullpath_ok", e);
    }
  }

  final void markUnmounted() {
    mounted.set(false);
  }

  /**
   * Mounts at {@code where} with libfuse options {@code fuseOpts} and serves requests on Java
   * threads ({@link FuseLoop}) until unmounted; blocks. Sets jnr-fuse's mounted flag and mount
   * point so that its {@code umount()} works as after its own {@code mount()}.
   *
   * @return 0 after a clean unmount; non-zero if libfuse could not mount or the loop failed
   */
  final int serve(Path where, String[] fuseOpts) {
    if (!mounted.compareAndSet(false, true)) {
      throw new MountException("already mounted: " + mountPoint);
    }
    this.mountPoint = where;
    String[] argv = new String[3 + fuseOpts.length];
    argv[0] = "smfs";
    argv[1] = "-f";
    argv[2] = where.toAbsolutePath().toString();
    System.arraycopy(fuseOpts, 0, argv, 3, fuseOpts.length);
    return FuseLoop.run(fuseOperations, argv, "smfs-fuse", this::umount);
  }
}
