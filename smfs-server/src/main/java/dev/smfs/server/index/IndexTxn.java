package dev.smfs.server.index;

import dev.smfs.server.volume.InodeAttr;
import java.nio.charset.StandardCharsets;

/**
 * The index changes of one log record, committed atomically with that record's LSN. Point reads see
 * the transaction's own writes; range scans must go to the committed {@link Index} (callers scan
 * before they write the same range). Not thread-safe; used under the volume's mutation lock.
 */
public final class IndexTxn implements PointReads {
  private final Index index;
  private final Batch batch = new Batch();

  IndexTxn(Index index) {
    this.index = index;
  }

  private byte[] read(byte[] key, java.util.function.Supplier<byte[]> committed) {
    byte[] pending = batch.lookup(key);
    if (pending == null) {
      return committed.get();
    }
    return Batch.isDelete(pending) ? null : pending;
  }

  private byte[] read(byte[] key) {
    return read(key, () -> index.store().get(key));
  }

  @Override
  public InodeAttr inode(long ino) {
    byte[] v = read(IndexKeys.id(IndexKeys.INODE, ino));
    return v == null ? null : InodeCodec.decode(ino, v);
  }

  @Override
  public String symlinkTarget(long ino) {
    byte[] v = read(IndexKeys.id(IndexKeys.SYMLINK, ino));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  @Override
  public Dirent dirent(long parent, String name) {
    byte[] v = read(IndexKeys.idName(IndexKeys.DIRENT, parent, name));
    return v == null ? null : DirentCodec.decode(v);
  }

  @Override
  public long dirParent(long dir) {
    byte[] v = read(IndexKeys.id(IndexKeys.PARENT, dir));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  public void setDirParent(long dir, long parent) {
    batch.put(IndexKeys.id(IndexKeys.PARENT, dir), IndexKeys.i64(parent));
  }

  @Override
  public byte[] xattr(long ino, String name) {
    return read(IndexKeys.idName(IndexKeys.XATTR, ino, name));
  }

  @Override
  public long liveBytes(long segmentId) {
    byte[] v = read(IndexKeys.id(IndexKeys.LIVE, segmentId));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  @Override
  public long nextCookie(long dir) {
    byte[] v = read(IndexKeys.id(IndexKeys.NEXT_COOKIE, dir));
    return v == null ? 1 : IndexKeys.i64(v);
  }

  @Override
  public long meta(String name) {
    byte[] v = read(IndexKeys.meta(name));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  public void putMeta(String name, long value) {
    batch.put(IndexKeys.meta(name), IndexKeys.i64(value));
  }

  public void putInode(InodeAttr a) {
    batch.put(IndexKeys.id(IndexKeys.INODE, a.ino()), InodeCodec.encode(a));
  }

  public void deleteInode(long ino) {
    batch.delete(IndexKeys.id(IndexKeys.INODE, ino));
    batch.delete(IndexKeys.id(IndexKeys.SYMLINK, ino));
    batch.delete(IndexKeys.id(IndexKeys.NEXT_COOKIE, ino));
    batch.delete(IndexKeys.id(IndexKeys.PARENT, ino));
  }

  public void putSymlinkTarget(long ino, String target) {
    batch.put(IndexKeys.id(IndexKeys.SYMLINK, ino), target.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds entry {@code name} -> {@code d} to {@code dir} and its cookie-order row. */
  public void putDirent(long dir, String name, Dirent d) {
    batch.put(IndexKeys.idName(IndexKeys.DIRENT, dir, name), DirentCodec.encode(d));
    batch.put(
        IndexKeys.idId(IndexKeys.COOKIE, dir, d.cookie()), name.getBytes(StandardCharsets.UTF_8));
  }

  /** Removes entry {@code name} (whose current value is {@code d}) from {@code dir}. */
  public void deleteDirent(long dir, String name, Dirent d) {
    batch.delete(IndexKeys.idName(IndexKeys.DIRENT, dir, name));
    batch.delete(IndexKeys.idId(IndexKeys.COOKIE, dir, d.cookie()));
  }

  public void setNextCookie(long dir, long next) {
    batch.put(IndexKeys.id(IndexKeys.NEXT_COOKIE, dir), IndexKeys.i64(next));
  }

  public void putExtent(Extent e) {
    batch.put(IndexKeys.idId(IndexKeys.EXTENT, e.ino(), e.fileOffset()), ExtentCodec.encode(e));
  }

  public void deleteExtent(long ino, long fileOffset) {
    batch.delete(IndexKeys.idId(IndexKeys.EXTENT, ino, fileOffset));
  }

  /** Adds {@code delta} (may be negative) to the live bytes of {@code segmentId}. */
  public void addLiveBytes(long segmentId, long delta) {
    long v = liveBytes(segmentId) + delta;
    if (v < 0) {
      throw new IndexException("op=live_bytes segment=" + segmentId + " result=" + v);
    }
    byte[] key = IndexKeys.id(IndexKeys.LIVE, segmentId);
    if (v == 0) {
      batch.delete(key);
    } else {
      batch.put(key, IndexKeys.i64(v));
    }
  }

  public void putXattr(long ino, String name, byte[] value) {
    batch.put(IndexKeys.idName(IndexKeys.XATTR, ino, name), value.clone());
  }

  public void deleteXattr(long ino, String name) {
    batch.delete(IndexKeys.idName(IndexKeys.XATTR, ino, name));
  }

  /**
   * Puts an entry exported by {@link Index#forEachBaseEntry} on another volume, as is. Only for
   * installing a mirror's base; refuses the tables that must not travel verbatim.
   */
  public void putBaseEntry(byte[] key, byte[] value) {
    if (key.length == 0
        || key[0] == IndexKeys.EXTENT
        || key[0] == IndexKeys.LIVE
        || java.util.Arrays.equals(key, IndexKeys.meta(Index.META_APPLIED_LSN))) {
      throw new IndexException(
          "op=put_base_entry reason=table_not_carried tag="
              + (key.length == 0 ? "none" : (char) key[0]));
    }
    batch.put(key.clone(), value.clone());
  }

  /** Writes every change plus applied LSN = {@code lsn} as one atomic batch. */
  public void commit(long lsn) {
    putMeta(Index.META_APPLIED_LSN, lsn);
    index.write(batch);
  }
}
