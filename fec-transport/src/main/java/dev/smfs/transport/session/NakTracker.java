package dev.smfs.transport.session;

import dev.smfs.transport.codec.SeqRange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Decides which missing sequence numbers to NAK. A sequence number becomes known when a higher one
 * (or a repair covering it) arrives; it is NAKed once it has been missing for the NAK delay (FEC
 * had its chance), and again after each re-NAK interval while still missing.
 *
 * <p>Giving FEC its chance: a first NAK may also wait until {@code fecSpan} later sequence numbers
 * are known, i.e. until the widest FEC group holding the gap was complete at the sender (its repair
 * follows its last member at once), but never longer than {@code fecWaitNanos}. At high rates the
 * widest layer's repairs arrive after a few milliseconds and the wait is short; at low rates the
 * cap bounds it.
 *
 * <p>Cost: only candidates are tracked, in a ring of {@code capacity} entries in sequence order
 * (every known seq that did not arrive as itself: gaps and repair-announced seqs), so an ACK costs
 * O(candidates), not O(window); arrived or delivered candidates are dropped as a scan meets them.
 * Nothing at or beyond {@code next + capacity} is tracked. Not thread-safe: event-loop confined.
 */
final class NakTracker {
  private static final long NEVER = Long.MIN_VALUE;
  private final int capacity;
  private final long[] seqs;
  private final long[] missingSince;
  private final long[] lastNak;
  private long firstNaks; // NAKed for the first time, since takeFirstNaks()

  /** Ring index of the first candidate; candidates are increasing seqs. */
  private int head;

  private int size;
  private long highestKnown;

  NakTracker(int capacity, long initialSeq) {
    this.capacity = capacity;
    seqs = new long[capacity];
    missingSince = new long[capacity];
    lastNak = new long[capacity];
    highestKnown = initialSeq - 1;
  }

  /**
   * Sequence numbers up to {@code seq} exist (a repair recipe reached that far).
   *
   * @param next the receiver's delivery point: nothing at or beyond {@code next + capacity} is
   *     tracked
   */
  void onKnown(long seq, long next, long nowNanos) {
    extend(seq, seq, next, nowNanos);
  }

  /**
   * DATA {@code seq} arrived: every lower seq exists, and {@code seq} itself is no candidate.
   *
   * @param next as for {@link #onKnown}
   */
  void onArrived(long seq, long next, long nowNanos) {
    extend(seq, seq - 1, next, nowNanos);
  }

  /** Makes seqs up to {@code known} known, tracking those up to {@code lastCandidate}. */
  private void extend(long known, long lastCandidate, long next, long nowNanos) {
    dropBelow(next);
    long cap = next + capacity - 1;
    long from = Math.max(highestKnown + 1, next);
    long upTo = Math.min(lastCandidate, cap);
    for (long s = from; s <= upTo; s++) {
      int slot = index(size++);
      seqs[slot] = s;
      missingSince[slot] = nowNanos;
      lastNak[slot] = NEVER;
    }
    highestKnown = Math.max(highestKnown, Math.min(known, cap));
  }

  /** Candidates below the delivery point were delivered: forget them (keeps size <= capacity). */
  private void dropBelow(long next) {
    while (size > 0 && seqs[head] < next) {
      head = index(1);
      size--;
    }
  }

  /** {@link #naks(long, LongPredicate, long, long, long, long, long, int)} without the FEC wait. */
  List<SeqRange> naks(
      long next,
      LongPredicate received,
      long nowNanos,
      long nakDelayNanos,
      long renakNanos,
      int maxRanges) {
    return naks(next, received, nowNanos, nakDelayNanos, 0, nakDelayNanos, renakNanos, maxRanges);
  }

  /**
   * Ranges to NAK now; marks them NAKed at {@code nowNanos}.
   *
   * @param next delivery point; all below it arrived
   * @param received whether a sequence number at or above {@code next} arrived
   * @param nakDelayNanos how long a gap must be known before its first NAK
   * @param fecSpan before its first NAK, a gap also waits until this many higher seqs are known...
   * @param fecWaitNanos ...or until it has been known this long (>= {@code nakDelayNanos})
   * @param renakNanos minimum time between NAKs of the same sequence number
   * @param maxRanges most ranges returned
   */
  List<SeqRange> naks(
      long next,
      LongPredicate received,
      long nowNanos,
      long nakDelayNanos,
      long fecSpan,
      long fecWaitNanos,
      long renakNanos,
      int maxRanges) {
    List<SeqRange> out = null;
    int ranges = 0;
    long rangeStart = -1;
    long rangeEnd = -1;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int r = index(i);
      long s = seqs[r];
      if (s < next || received.test(s)) {
        continue; // arrived, recovered or delivered: no longer a candidate
      }
      long age = nowNanos - missingSince[r];
      boolean due =
          ranges < maxRanges
              && age >= nakDelayNanos
              && (lastNak[r] == NEVER
                  ? highestKnown - s >= fecSpan || age >= fecWaitNanos
                  : nowNanos - lastNak[r] >= renakNanos);
      if (due) {
        if (rangeStart >= 0 && s == rangeEnd) {
          rangeEnd = s + 1;
        } else {
          if (rangeStart >= 0) {
            out = add(out, rangeStart, rangeEnd);
            ranges++;
          }
          if (ranges == maxRanges) {
            due = false;
            rangeStart = -1;
          } else {
            rangeStart = s;
            rangeEnd = s + 1;
          }
        }
        if (due) {
          if (lastNak[r] == NEVER) {
            firstNaks++;
          }
          lastNak[r] = nowNanos;
        }
      }
      int w = index(kept++);
      seqs[w] = s;
      missingSince[w] = missingSince[r];
      lastNak[w] = lastNak[r];
    }
    size = kept;
    if (rangeStart >= 0) {
      out = add(out, rangeStart, rangeEnd);
    }
    return out == null ? List.of() : out;
  }

  private static List<SeqRange> add(List<SeqRange> out, long from, long to) {
    List<SeqRange> list = out == null ? new ArrayList<>() : out;
    list.add(new SeqRange(from, to));
    return list;
  }

  /** Sequence numbers NAKed for the first time since the last call (observed loss). */
  long takeFirstNaks() {
    long n = firstNaks;
    firstNaks = 0;
    return n;
  }

  long highestKnown() {
    return highestKnown;
  }

  /** Candidates tracked (for tests). */
  int candidates() {
    return size;
  }

  private int index(int offset) {
    int i = head + offset;
    return i >= capacity ? i - capacity : i;
  }
}
