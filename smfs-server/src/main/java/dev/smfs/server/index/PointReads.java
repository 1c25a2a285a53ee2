package dev.smfs.server.index;

import dev.smfs.server.volume.InodeAttr;

/**
 * Point lookups shared by the committed {@link Index} and an open {@link IndexTxn} (which sees its
 * own pending writes). Each returns null (or 0 for counters) when absent.
 */
public interface PointReads {
  InodeAttr inode(long ino);

  String symlinkTarget(long ino);

  Dirent dirent(long parent, String name);

  /** The parent of directory {@code dir}, 0 if unknown. */
  long dirParent(long dir);

  byte[] xattr(long ino, String name);

  /** Live data bytes indexed in {@code segmentId}. */
  long liveBytes(long segmentId);

  /** The cookie the next entry of directory {@code dir} gets (1 for a new directory). */
  long nextCookie(long dir);

  /** A meta counter ({@link Index#META_APPLIED_LSN}...), 0 if unset. */
  long meta(String name);
}
