package dev.smfs.server.store;

import dev.smfs.server.index.Dirent;
import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.index.IndexTxn;
import dev.smfs.server.log.LogAddress;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.charset.StandardCharsets;

/**
 * Applies one logged {@link Op} to the index: the state machine shared by live mutations and
 * replay. It trusts the op (the volume validated it before logging) and reads nothing but the index
 * and the op, so replaying a log yields the same index every time. Each call commits one batch that
 * also records the op's LSN.
 *
 * <p>Not thread-safe: called under the volume's mutation lock, in LSN order.
 */
final class OpApplier {
  /** st_size of a directory, as the reference volume reports it. */
  static final long DIRECTORY_SIZE = 4096;

  private final Index index;

  OpApplier(Index index) {
    this.index = index;
  }

  /** Applies {@code op}, logged with {@code lsn} at {@code address}, and commits. */
  void apply(Op op, long lsn, LogAddress address) {
    IndexTxn t = index.begin();
    if (op instanceof Op.Write w) {
      write(t, w, lsn, address);
    } else if (op instanceof Op.CreateNode c) {
      create(t, c);
    } else if (op instanceof Op.Remove r) {
      remove(t, r);
    } else if (op instanceof Op.Rename r) {
      rename(t, r);
    } else if (op instanceof Op.Link l) {
      link(t, l);
    } else if (op instanceof Op.SetAttrs s) {
      setAttrs(t, s);
    } else if (op instanceof Op.Xattr x) {
      xattr(t, x);
    } else if (op instanceof Op.FreeInode f) {
      free(t, f.ino());
    } else if (op instanceof Op.CleanerMove m) {
      move(t, m, lsn, address);
    } else if (op instanceof Op.Epoch e) {
      t.putMeta(Index.META_EPOCH, e.epoch());
    } else {
      init(t, (Op.VolumeInit) op);
    }
    t.commit(lsn);
  }

  private static InodeAttr withTimes(InodeAttr a, long mtime, long ctime) {
    return new InodeAttr(
        a.ino(),
        a.type(),
        a.perm(),
        a.nlink(),
        a.uid(),
        a.gid(),
        a.size(),
        a.atimeNs(),
        mtime,
        ctime);
  }

  private static InodeAttr withNlink(InodeAttr a, int nlink) {
    return new InodeAttr(
        a.ino(),
        a.type(),
        a.perm(),
        nlink,
        a.uid(),
        a.gid(),
        a.size(),
        a.atimeNs(),
        a.mtimeNs(),
        a.ctimeNs());
  }

  private static InodeAttr withSize(InodeAttr a, long size) {
    return new InodeAttr(
        a.ino(),
        a.type(),
        a.perm(),
        a.nlink(),
        a.uid(),
        a.gid(),
        size,
        a.atimeNs(),
        a.mtimeNs(),
        a.ctimeNs());
  }

  private static InodeAttr must(InodeAttr a, long ino, Op op) {
    if (a == null) {
      throw new IllegalStateException("apply: inode missing ino=" + ino + " op=" + op);
    }
    return a;
  }

  private void init(IndexTxn t, Op.VolumeInit v) {
    t.putMeta(Index.META_UUID_HIGH, v.uuidHigh());
    t.putMeta(Index.META_UUID_LOW, v.uuidLow());
    t.putMeta(Index.META_CREATED_NS, v.createdNs());
    t.putMeta(Index.META_EPOCH, v.epoch());
    t.putMeta(Index.META_NEXT_INO, Volume.ROOT + 1);
    t.putMeta(Index.META_INODES, 1);
    long now = v.createdNs();
    t.putInode(
        new InodeAttr(
            Volume.ROOT, FileType.DIRECTORY, 0755, 2, 0, 0, DIRECTORY_SIZE, now, now, now));
    t.setDirParent(Volume.ROOT, Volume.ROOT);
  }

  private void create(IndexTxn t, Op.CreateNode c) {
    FileType type =
        switch (c.type()) {
          case RecordType.MKDIR -> FileType.DIRECTORY;
          case RecordType.SYMLINK -> FileType.SYMLINK;
          default -> FileType.REGULAR;
        };
    long now = c.timeNs();
    long size =
        switch (type) {
          case DIRECTORY -> DIRECTORY_SIZE;
          case SYMLINK -> c.target().getBytes(StandardCharsets.UTF_8).length;
          case REGULAR -> 0;
        };
    int nlink = type == FileType.DIRECTORY ? 2 : 1;
    t.putInode(
        new InodeAttr(c.ino(), type, c.perm(), nlink, c.uid(), c.gid(), size, now, now, now));
    if (type == FileType.SYMLINK) {
      t.putSymlinkTarget(c.ino(), c.target());
    } else if (type == FileType.DIRECTORY) {
      t.setDirParent(c.ino(), c.parent());
    }
    InodeAttr dir = must(t.inode(c.parent()), c.parent(), c);
    if (type == FileType.DIRECTORY) {
      dir = withNlink(dir, dir.nlink() + 1);
    }
    t.putInode(withTimes(dir, now, now));
    addName(t, c.parent(), c.name(), new Dirent(c.ino(), type, c.cookie()));
    t.putMeta(Index.META_NEXT_INO, Math.max(t.meta(Index.META_NEXT_INO), c.ino() + 1));
    t.putMeta(Index.META_INODES, t.meta(Index.META_INODES) + 1);
  }

  private static void addName(IndexTxn t, long dir, String name, Dirent d) {
    t.putDirent(dir, name, d);
    t.setNextCookie(dir, Math.max(t.nextCookie(dir), d.cookie() + 1));
  }

  private void link(IndexTxn t, Op.Link l) {
    InodeAttr a = must(t.inode(l.ino()), l.ino(), l);
    t.putInode(withTimes(withNlink(a, a.nlink() + 1), a.mtimeNs(), l.timeNs()));
    InodeAttr dir = must(t.inode(l.newParent()), l.newParent(), l);
    t.putInode(withTimes(dir, l.timeNs(), l.timeNs()));
    addName(t, l.newParent(), l.newName(), new Dirent(l.ino(), a.type(), l.cookie()));
  }

  private void remove(IndexTxn t, Op.Remove r) {
    Dirent d = t.dirent(r.parent(), r.name());
    if (d == null) {
      throw new IllegalStateException("apply: dirent missing op=" + r);
    }
    t.deleteDirent(r.parent(), r.name(), d);
    InodeAttr dir = must(t.inode(r.parent()), r.parent(), r);
    t.putInode(withTimes(dir, r.timeNs(), r.timeNs()));
    dropName(t, d.ino(), r.timeNs(), r.keepOrphan(), r);
  }

  /** One name of {@code ino} is gone (its entry already deleted in {@code t}). */
  private void dropName(IndexTxn t, long ino, long now, boolean keepOrphan, Op op) {
    InodeAttr a = must(t.inode(ino), ino, op);
    int nlink;
    if (a.type() == FileType.DIRECTORY) {
      nlink = 0;
      long parent = t.dirParent(ino);
      InodeAttr p = must(t.inode(parent), parent, op);
      t.putInode(withNlink(p, p.nlink() - 1));
    } else {
      nlink = a.nlink() - 1;
    }
    InodeAttr after = withNlink(a, nlink);
    t.putInode(withTimes(after, after.mtimeNs(), now));
    if (nlink == 0 && !keepOrphan) {
      free(t, ino);
    }
  }

  private void rename(IndexTxn t, Op.Rename r) {
    Dirent src = t.dirent(r.parent(), r.name());
    if (src == null) {
      throw new IllegalStateException("apply: dirent missing op=" + r);
    }
    Dirent dst = t.dirent(r.newParent(), r.newName());
    if (dst != null && dst.ino() == src.ino()) {
      return;
    }
    long now = r.timeNs();
    if (dst != null) {
      t.deleteDirent(r.newParent(), r.newName(), dst);
      dropName(t, dst.ino(), now, r.keepOrphan(), r);
    }
    t.deleteDirent(r.parent(), r.name(), src);
    addName(t, r.newParent(), r.newName(), new Dirent(src.ino(), src.type(), r.cookie()));
    if (src.type() == FileType.DIRECTORY && r.parent() != r.newParent()) {
      InodeAttr from = must(t.inode(r.parent()), r.parent(), r);
      t.putInode(withNlink(from, from.nlink() - 1));
      InodeAttr to = must(t.inode(r.newParent()), r.newParent(), r);
      t.putInode(withNlink(to, to.nlink() + 1));
      t.setDirParent(src.ino(), r.newParent());
    }
    InodeAttr moved = must(t.inode(src.ino()), src.ino(), r);
    t.putInode(withTimes(moved, moved.mtimeNs(), now));
    InodeAttr from = must(t.inode(r.parent()), r.parent(), r);
    t.putInode(withTimes(from, now, now));
    InodeAttr to = must(t.inode(r.newParent()), r.newParent(), r);
    t.putInode(withTimes(to, now, now));
  }

  /** Deletes an inode and everything hanging off it; its data stops counting as live. */
  private void free(IndexTxn t, long ino) {
    for (Extent e : index.extents(ino)) {
      t.deleteExtent(ino, e.fileOffset());
      t.addLiveBytes(e.segmentId(), -e.length());
    }
    for (String name : index.xattrNames(ino)) {
      t.deleteXattr(ino, name);
    }
    t.deleteInode(ino);
    t.putMeta(Index.META_INODES, t.meta(Index.META_INODES) - 1);
  }

  private void write(IndexTxn t, Op.Write w, long lsn, LogAddress address) {
    int len = w.data().remaining();
    long end = w.offset() + len;
    punch(t, w.ino(), w.offset(), end);
    Extent e =
        new Extent(
            w.ino(), w.offset(), address.segmentId(), address.offset(), WriteCodec.DATA, len, lsn);
    t.putExtent(e);
    t.addLiveBytes(e.segmentId(), len);
    InodeAttr a = must(t.inode(w.ino()), w.ino(), w);
    t.putInode(withTimes(withSize(a, Math.max(a.size(), end)), w.timeNs(), w.timeNs()));
  }

  /** Removes [{@code from}, {@code to}) of {@code ino} from the extent map, keeping the rest. */
  private void punch(IndexTxn t, long ino, long from, long to) {
    for (Extent e : index.extents(ino, from, to)) {
      t.deleteExtent(ino, e.fileOffset());
      t.addLiveBytes(e.segmentId(), -e.length());
      if (e.fileOffset() < from) {
        keep(t, e.slice(e.fileOffset(), from));
      }
      if (e.end() > to) {
        keep(t, e.slice(to, e.end()));
      }
    }
  }

  private static void keep(IndexTxn t, Extent piece) {
    t.putExtent(piece);
    t.addLiveBytes(piece.segmentId(), piece.length());
  }

  private void setAttrs(IndexTxn t, Op.SetAttrs s) {
    InodeAttr a = must(t.inode(s.ino()), s.ino(), s);
    long size = a.size();
    long mtime = a.mtimeNs();
    if (s.has(SetAttrCodec.M_SIZE)) {
      if (s.size() < a.size()) {
        punch(t, s.ino(), s.size(), Long.MAX_VALUE);
      }
      size = s.size();
      mtime = s.ctimeNs();
    }
    if (s.has(SetAttrCodec.M_MTIME)) {
      mtime = s.mtimeNs();
    }
    t.putInode(
        new InodeAttr(
            a.ino(),
            a.type(),
            s.has(SetAttrCodec.M_PERM) ? s.perm() : a.perm(),
            a.nlink(),
            s.has(SetAttrCodec.M_UID) ? s.uid() : a.uid(),
            s.has(SetAttrCodec.M_GID) ? s.gid() : a.gid(),
            size,
            s.has(SetAttrCodec.M_ATIME) ? s.atimeNs() : a.atimeNs(),
            mtime,
            s.ctimeNs()));
  }

  private void xattr(IndexTxn t, Op.Xattr x) {
    if (x.value() == null) {
      t.deleteXattr(x.ino(), x.name());
    } else {
      t.putXattr(x.ino(), x.name(), x.value());
    }
    InodeAttr a = must(t.inode(x.ino()), x.ino(), x);
    t.putInode(withTimes(a, a.mtimeNs(), x.timeNs()));
  }

  /** Points the extent at the moved copy if it still names the old place; else no change. */
  private void move(IndexTxn t, Op.CleanerMove m, long lsn, LogAddress address) {
    int len = m.data().remaining();
    for (Extent e : index.extents(m.ino(), m.fileOffset(), m.fileOffset() + 1)) {
      if (e.fileOffset() == m.fileOffset()
          && e.length() == len
          && e.segmentId() == m.fromSegment()
          && e.recordOffset() == m.fromRecordOffset()
          && e.dataOffset() == m.fromDataOffset()) {
        t.putExtent(
            new Extent(
                m.ino(),
                m.fileOffset(),
                address.segmentId(),
                address.offset(),
                CleanerMoveCodec.DATA,
                len,
                lsn));
        t.addLiveBytes(e.segmentId(), -len);
        t.addLiveBytes(address.segmentId(), len);
      }
    }
  }
}
