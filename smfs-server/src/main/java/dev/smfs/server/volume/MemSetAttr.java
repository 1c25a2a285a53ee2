package dev.smfs.server.volume;

/**
 * {@link Volume#setattr} for {@link InMemoryVolume}: validates every field first so a failing call
 * changes nothing, then applies them with one timestamp. Called with the volume's write lock held.
 */
final class MemSetAttr {
  private MemSetAttr() {}

  static InodeAttr apply(MemInode n, SetAttr c, InMemoryVolume volume) {
    if (c.size() != null) {
      if (n.isDir()) {
        throw new FsException(Errno.EISDIR, "op=setattr ino=" + n.ino + " field=size");
      }
      if (n.type != FileType.REGULAR) {
        throw new FsException(Errno.EINVAL, "op=setattr ino=" + n.ino + " type=" + n.type);
      }
      if (c.size() > InMemoryVolume.MAX_FILE_SIZE) {
        throw new FsException(Errno.EFBIG, "op=setattr ino=" + n.ino + " size=" + c.size());
      }
    }
    if (c.perm() == null
        && c.uid() == null
        && c.gid() == null
        && c.size() == null
        && c.atimeNs() == null
        && c.mtimeNs() == null) {
      return n.attr();
    }
    long now = volume.now();
    if (c.perm() != null) {
      n.perm = c.perm();
    }
    if (c.uid() != null) {
      n.uid = c.uid();
    }
    if (c.gid() != null) {
      n.gid = c.gid();
    }
    if (c.size() != null) {
      int before = n.data.chunkCount();
      n.data.truncate(c.size());
      volume.releaseChunks(before - n.data.chunkCount());
      n.mtimeNs = now; // truncate(2) always sets mtime, unless the call sets it explicitly below.
    }
    if (c.atimeNs() != null) {
      n.atimeNs = c.atimeNs() == SetAttr.NOW ? now : c.atimeNs();
    }
    if (c.mtimeNs() != null) {
      n.mtimeNs = c.mtimeNs() == SetAttr.NOW ? now : c.mtimeNs();
    }
    n.ctimeNs = now;
    return n.attr();
  }
}
