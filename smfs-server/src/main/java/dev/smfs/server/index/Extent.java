package dev.smfs.server.index;

/**
 * Bytes [{@code fileOffset}, {@code fileOffset + length}) of inode {@code ino} are stored at
 * payload offset {@code dataOffset} of the record at ({@code segmentId}, {@code recordOffset}),
 * whose LSN is {@code lsn}. Extents of one inode never overlap.
 */
public record Extent(
    long ino,
    long fileOffset,
    long segmentId,
    long recordOffset,
    int dataOffset,
    int length,
    long lsn) {
  public Extent {
    if (ino <= 0 || fileOffset < 0 || segmentId < 0 || recordOffset < 0 || dataOffset < 0) {
      throw new IllegalArgumentException(
          "ino=" + ino + " fileOffset=" + fileOffset + " segment=" + segmentId + " invalid");
    }
    if (length <= 0) {
      throw new IllegalArgumentException("length=" + length + " must be positive");
    }
  }

  public long end() {
    return fileOffset + length;
  }

  /** The part of this extent in [{@code from}, {@code to}), same record; from < to required. */
  public Extent slice(long from, long to) {
    long s = Math.max(from, fileOffset);
    long e = Math.min(to, end());
    if (s >= e) {
      throw new IllegalArgumentException("slice [" + from + "," + to + ") misses " + this);
    }
    return new Extent(
        ino, s, segmentId, recordOffset, dataOffset + (int) (s - fileOffset), (int) (e - s), lsn);
  }
}
