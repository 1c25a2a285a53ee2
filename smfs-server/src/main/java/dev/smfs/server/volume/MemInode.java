package dev.smfs.server.volume;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * One inode of an {@link InMemoryVolume}. Exactly one of {@link #data} (regular file), {@link #dir}
 * (directory) and {@link #target} (symlink) is non-null, matching {@link #type}.
 *
 * <p>Not thread-safe: the owning volume's lock guards every field.
 */
final class MemInode {
  final long ino;
  final FileType type;
  final MemFileData data;
  final MemDir dir;
  final String target;

  /** Extended attributes, sorted by name so listxattr is deterministic. */
  final TreeMap<String, byte[]> xattrs = new TreeMap<>();

  int perm;
  int uid;
  int gid;

  /** Names referring to this inode; for a directory 2 + subdirectories, 0 once removed. */
  int nlink;

  /** Handles from {@link Volume#open} not yet released. */
  int openCount;

  /** The directory holding this directory's name (the root is its own parent); 0 otherwise. */
  long parent;

  long atimeNs;
  long mtimeNs;
  long ctimeNs;

  private MemInode(long ino, FileType type, String target, int perm, int uid, int gid, long now) {
    this.ino = ino;
    this.type = type;
    this.data = type == FileType.REGULAR ? new MemFileData() : null;
    this.dir = type == FileType.DIRECTORY ? new MemDir() : null;
    this.target = target;
    this.perm = perm;
    this.uid = uid;
    this.gid = gid;
    this.nlink = type == FileType.DIRECTORY ? 2 : 1;
    this.atimeNs = now;
    this.mtimeNs = now;
    this.ctimeNs = now;
  }

  static MemInode file(long ino, int perm, int uid, int gid, long now) {
    return new MemInode(ino, FileType.REGULAR, null, perm, uid, gid, now);
  }

  static MemInode directory(long ino, long parent, int perm, int uid, int gid, long now) {
    MemInode d = new MemInode(ino, FileType.DIRECTORY, null, perm, uid, gid, now);
    d.parent = parent;
    return d;
  }

  static MemInode symlink(long ino, String target, int uid, int gid, long now) {
    return new MemInode(ino, FileType.SYMLINK, target, 0777, uid, gid, now);
  }

  boolean isDir() {
    return type == FileType.DIRECTORY;
  }

  /** Size as stat reports it: file length, symlink target bytes, a fixed block for directories. */
  long size() {
    return switch (type) {
      case REGULAR -> data.size();
      case SYMLINK -> target.getBytes(StandardCharsets.UTF_8).length;
      case DIRECTORY -> InMemoryVolume.DIRECTORY_SIZE;
    };
  }

  /** Directory content changed: mtime and ctime move to {@code now}. */
  void touchModified(long now) {
    mtimeNs = now;
    ctimeNs = now;
  }

  InodeAttr attr() {
    return new InodeAttr(ino, type, perm, nlink, uid, gid, size(), atimeNs, mtimeNs, ctimeNs);
  }
}
