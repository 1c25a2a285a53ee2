package dev.smfs.server.volume;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A POSIX-like file system addressed by inode number. Every failure is an {@link FsException}
 * carrying an {@link Errno}; nothing else escapes except programming errors.
 *
 * <p>Thread-safety: implementations are safe for concurrent use by many threads (the FUSE loop is
 * multithreaded), including concurrent writers to the same file.
 *
 * <p>Durability: a mutating call returns once its change is as durable as the volume's safety level
 * requires ({@link #fsync} waits for everything before it). Each mutating call is atomic: after a
 * crash the volume holds a prefix of the completed operations.
 *
 * <p>Names are single path components: non-empty, not "." or "..", without '/' or NUL, and at most
 * {@link #MAX_NAME_BYTES} bytes of UTF-8 (else ENAMETOOLONG). Permission checks are the kernel's
 * ({@code default_permissions}); the volume only keeps the bits.
 */
public interface Volume extends AutoCloseable {
  /** Inode number of the root directory. */
  long ROOT = 1;

  int MAX_NAME_BYTES = 255;

  /** setxattr flag: fail with EEXIST if the attribute exists. */
  int XATTR_CREATE = 1;

  /** setxattr flag: fail with ENODATA if the attribute does not exist. */
  int XATTR_REPLACE = 2;

  InodeAttr getattr(long ino);

  /** The attributes of {@code name} in directory {@code parent}; ENOENT, ENOTDIR. */
  InodeAttr lookup(long parent, String name);

  /** A new empty regular file; EEXIST if the name is taken. */
  InodeAttr create(long parent, String name, int perm, int uid, int gid);

  InodeAttr mkdir(long parent, String name, int perm, int uid, int gid);

  InodeAttr symlink(long parent, String name, String target, int uid, int gid);

  /** The target of a symbolic link; EINVAL if {@code ino} is not one. */
  String readlink(long ino);

  /** A new name for an existing non-directory inode (EPERM for directories); nlink grows. */
  InodeAttr link(long ino, long newParent, String newName);

  /**
   * Removes a non-directory name. The inode's data stays readable through open handles ({@link
   * #open}) until the last {@link #release}.
   */
  void unlink(long parent, String name);

  /** Removes an empty directory; ENOTEMPTY, ENOTDIR. */
  void rmdir(long parent, String name);

  /**
   * Moves a name, replacing the target as {@code rename(2)} does: a file replaces a file, a
   * directory replaces an empty directory (ENOTEMPTY otherwise, EISDIR/ENOTDIR on kind mismatch),
   * and moving a directory into its own subtree is EINVAL.
   */
  void rename(long parent, String name, long newParent, String newName);

  /** Marks an inode open, so that it survives the removal of its last name until released. */
  void open(long ino);

  /** Ends one {@link #open}; frees an unlinked inode when its last handle goes. */
  void release(long ino);

  /**
   * Reads into {@code dst} (from its position to its limit) starting at {@code offset}; returns the
   * bytes read, 0 at or past end of file. Holes read as zeros. EIO if the stored data fails its
   * checksum: never wrong bytes.
   */
  int read(long ino, long offset, ByteBuffer dst);

  /**
   * Writes {@code src} (position to limit) at {@code offset}, extending the file and leaving a hole
   * when {@code offset} is past the end; returns the bytes written (all of them).
   */
  int write(long ino, long offset, ByteBuffer src);

  /** Applies the non-null fields of {@code changes}; returns the new attributes. */
  InodeAttr setattr(long ino, SetAttr changes);

  /**
   * Up to {@code max} entries of a directory whose cookie is greater than {@code afterCookie} (0
   * for the start), in cookie order. "." and ".." are not included.
   */
  List<DirEntry> readdir(long ino, long afterCookie, int max);

  StatFs statfs();

  void setxattr(long ino, String name, byte[] value, int flags);

  /** ENODATA if absent. */
  byte[] getxattr(long ino, String name);

  List<String> listxattr(long ino);

  /** ENODATA if absent. */
  void removexattr(long ino, String name);

  /**
   * Returns once every change made before the call is durable to the volume's safety level (at
   * least on local disk).
   */
  void fsync(long ino);

  /** Flushes and releases every resource; the volume is unusable afterwards. */
  @Override
  void close();
}
