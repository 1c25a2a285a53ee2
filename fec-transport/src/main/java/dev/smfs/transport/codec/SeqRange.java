package dev.smfs.transport.codec;

/** Half-open range {@code [from, to)} of data sequence numbers, non-empty. */
public record SeqRange(long from, long to) {
  public SeqRange {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("empty or negative range: from=" + from + " to=" + to);
    }
  }

  public long length() {
    return to - from;
  }

  public boolean contains(long seq) {
    return seq >= from && seq < to;
  }
}
