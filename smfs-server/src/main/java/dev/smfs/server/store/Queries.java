package dev.smfs.server.store;

import dev.smfs.server.index.Dirent;
import dev.smfs.server.index.Index;
import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Names;
import dev.smfs.server.volume.StatFs;
import dev.smfs.server.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read-only volume calls other than file reads, answered from the committed index with the
 * reference volume's errno rules. Stateless apart from the index; called under the volume's read
 * lock.
 */
final class Queries {
  static final int BLOCK_SIZE = 4096;

  private final Index index;
  private final VolumeChecks checks;
  private final VolumeConfig config;

  Queries(Index index, VolumeChecks checks, VolumeConfig config) {
    this.index = index;
    this.checks = checks;
    this.config = config;
  }

  InodeAttr lookup(long parent, String name) {
    checks.dir(parent, "lookup");
    Names.check(name);
    return checks.inode(checks.child(parent, name, "lookup").ino(), "lookup");
  }

  String readlink(long ino) {
    InodeAttr a = checks.inode(ino, "readlink");
    if (a.type() != FileType.SYMLINK) {
      throw new FsException(Errno.EINVAL, "op=readlink ino=" + ino + " type=" + a.type());
    }
    return index.symlinkTarget(ino);
  }

  List<DirEntry> readdir(long ino, long afterCookie, int max) {
    checks.dir(ino, "readdir");
    if (max < 1 || afterCookie < 0) {
      throw new FsException(
          Errno.EINVAL, "op=readdir ino=" + ino + " after=" + afterCookie + " max=" + max);
    }
    List<DirEntry> out = new ArrayList<>();
    for (Map.Entry<String, Dirent> e : index.readdir(ino, afterCookie, max)) {
      Dirent d = e.getValue();
      out.add(new DirEntry(e.getKey(), d.ino(), d.type(), d.cookie()));
    }
    return out;
  }

  /** Free blocks are the configured capacity minus the live data bytes indexed. */
  StatFs statfs() {
    long live = 0;
    for (long b : index.liveBytesBySegment().values()) {
      live += b;
    }
    long total = config.capacityBytes() / BLOCK_SIZE;
    long free = Math.max(0, total - (live + BLOCK_SIZE - 1) / BLOCK_SIZE);
    long inodes = index.meta(Index.META_INODES);
    return new StatFs(
        BLOCK_SIZE,
        total,
        free,
        free,
        config.maxInodes(),
        Math.max(0, config.maxInodes() - inodes),
        Volume.MAX_NAME_BYTES);
  }

  byte[] getxattr(long ino, String name) {
    checks.inode(ino, "getxattr");
    VolumeChecks.xattrName(ino, name, "getxattr");
    byte[] v = index.xattr(ino, name);
    if (v == null) {
      throw new FsException(Errno.ENODATA, "op=getxattr ino=" + ino + " name=" + name);
    }
    return v;
  }

  /** Names in String order, as the reference volume lists them. */
  List<String> listxattr(long ino) {
    checks.inode(ino, "listxattr");
    List<String> names = new ArrayList<>(index.xattrNames(ino));
    names.sort(null);
    return List.copyOf(names);
  }
}
