package dev.smfs.server.log;

import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * Scans segments in id order. Records below {@code fromLsn} are skipped by header only; every
 * returned record has its CRC verified. LSNs must rise by one inside a segment and across
 * neighbouring segment ids; a hole left by a deleted segment (non-consecutive ids) is skipped.
 *
 * <p>Not thread-safe (one scanner, one thread); the segments map is concurrent, and the head's
 * {@code size} is re-read on every call so the scanner follows appends.
 */
final class SegmentScanner implements LogScanner {
  private final NavigableMap<Long, Segment> segments;
  private final long fromLsn;
  private final int maxPayload;
  private Segment current;
  private long pos;
  private long expectedLsn;
  private LogRecord next;
  private boolean closed;

  SegmentScanner(NavigableMap<Long, Segment> segments, long fromLsn, int maxPayload) {
    this.segments = segments;
    this.fromLsn = fromLsn;
    this.maxPayload = maxPayload;
    Segment start = null;
    for (Segment s : segments.values()) {
      if (start == null || s.firstLsn <= fromLsn) {
        start = s;
      } else {
        break;
      }
    }
    enter(start);
  }

  private void enter(Segment s) {
    current = s;
    if (s != null) {
      pos = SegmentFormat.FILE_HEADER_BYTES;
      expectedLsn = s.firstLsn;
    }
  }

  @Override
  public boolean hasNext() throws IOException {
    if (closed) {
      throw new IllegalStateException("scanner closed");
    }
    while (next == null && current != null) {
      boolean sealed = current.sealed; // read before size: a sealed segment's size is final
      long limit = current.size;
      if (pos < limit) {
        step(limit);
      } else if (!sealed) {
        return false; // caught up with the head; more may come
      } else {
        Map.Entry<Long, Segment> after = segments.higherEntry(current.id);
        if (after == null) {
          return false;
        }
        Segment n = after.getValue();
        if (n.id == current.id + 1 && n.firstLsn != expectedLsn) {
          throw new CorruptRecordException(
              n.file, 0, "lsn-gap firstLsn=" + n.firstLsn + " expected=" + expectedLsn);
        }
        enter(n);
      }
    }
    return next != null;
  }

  /** Reads one record at {@code pos}; keeps it when it is at or beyond {@code fromLsn}. */
  private void step(long limit) throws IOException {
    if (expectedLsn < fromLsn) {
      SegmentFormat.RecordHeader h = current.readHeader(pos, limit, maxPayload);
      checkSequence(h.lsn());
      pos += SegmentFormat.RECORD_HEADER_BYTES + h.payloadLength();
      expectedLsn++;
      return;
    }
    LogRecord r = current.readRecord(pos, limit, maxPayload);
    checkSequence(r.lsn());
    pos += r.length();
    expectedLsn++;
    next = r;
  }

  private void checkSequence(long lsn) throws CorruptRecordException {
    if (lsn != expectedLsn) {
      throw new CorruptRecordException(
          current.file, pos, "lsn-out-of-sequence expected=" + expectedLsn + " actual=" + lsn);
    }
  }

  @Override
  public LogRecord next() throws IOException {
    if (!hasNext()) {
      throw new NoSuchElementException("no record available");
    }
    LogRecord r = next;
    next = null;
    return r;
  }

  @Override
  public void close() {
    closed = true;
    next = null;
    current = null;
  }
}
