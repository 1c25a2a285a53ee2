package dev.smfs.fuse;

import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.Volume;

/**
 * Resolves libfuse's absolute paths to inode numbers by one {@link Volume#lookup} per component. No
 * cache: the kernel's dentry cache (entry_timeout) already absorbs most repeated lookups, and a
 * cache here would have to be invalidated by every rename and unlink.
 *
 * <p>The kernel resolves symbolic links and "." / ".." before a path reaches libfuse, so every
 * component is a plain name.
 */
final class PathWalker {
  /** A path split into its parent directory's inode and its last component. */
  record Parent(long ino, String name) {}

  private final Volume volume;

  PathWalker(Volume volume) {
    this.volume = volume;
  }

  long resolve(String path) {
    check(path);
    long ino = Volume.ROOT;
    int start = 1;
    int n = path.length();
    while (start < n) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      if (end > start) {
        ino = volume.lookup(ino, path.substring(start, end)).ino();
      }
      start = end + 1;
    }
    return ino;
  }

  Parent parent(String path) {
    check(path);
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if (name.isEmpty()) {
      throw new FsException(Errno.EINVAL, "op=path path=" + path + " reason=no_last_component");
    }
    long dir = slash == 0 ? Volume.ROOT : resolve(path.substring(0, slash));
    return new Parent(dir, name);
  }

  private static void check(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new FsException(Errno.EINVAL, "op=path path=" + path + " reason=not_absolute");
    }
  }
}
