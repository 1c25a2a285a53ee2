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
 * <p>Tracks at most {@code capacity} sequence numbers from the receiver's delivery point; ring
 * slots are reused only after delivery passed them. Not thread-safe: event-loop confined.
 */
final class NakTracker {
  private static final long NEVER = Long.MIN_VALUE;
  private final long[] missingSince;
  private final long[] lastNak;
  private long highestKnown;

  NakTracker(int capacity, long initialSeq) {
    missingSince = new long[capacity];
    lastNak = new long[capacity];
    highestKnown = initialSeq - 1;
  }

  /**
   * Sequence numbers up to {@code seq} exist (a data packet or a repair recipe reached that far).
   *
   * @param next the receiver's delivery point: nothing at or beyond {@code next + capacity} is
   *     tracked
   */
  void onKnown(long seq, long next, long nowNanos) {
    long upTo = Math.min(seq, next + missingSince.length - 1);
    long from = Math.max(highestKnown + 1, next);
    for (long s = from; s <= upTo; s++) {
      int slot = slot(s);
      missingSince[slot] = nowNanos;
      lastNak[slot] = NEVER;
    }
    highestKnown = Math.max(highestKnown, upTo);
  }

  /**
   * Ranges to NAK now; marks them NAKed at {@code nowNanos}.
   *
   * @param next delivery point; all below it arrived
   * @param received whether a sequence number at or above {@code next} arrived
   * @param nakDelayNanos how long a gap must be known before its first NAK
   * @param renakNanos minimum time between NAKs of the same sequence number
   * @param maxRanges most ranges returned
   */
  List<SeqRange> naks(
      long next,
      LongPredicate received,
      long nowNanos,
      long nakDelayNanos,
      long renakNanos,
      int maxRanges) {
    List<SeqRange> out = new ArrayList<>();
    long rangeStart = -1;
    for (long s = next; s <= highestKnown; s++) {
      int slot = slot(s);
      boolean due =
          !received.test(s)
              && nowNanos - missingSince[slot] >= nakDelayNanos
              && (lastNak[slot] == NEVER || nowNanos - lastNak[slot] >= renakNanos);
      if (due) {
        if (rangeStart < 0) {
          if (out.size() == maxRanges) {
            break;
          }
          rangeStart = s;
        }
        lastNak[slot] = nowNanos;
      } else if (rangeStart >= 0) {
        out.add(new SeqRange(rangeStart, s));
        rangeStart = -1;
      }
    }
    if (rangeStart >= 0) {
      out.add(new SeqRange(rangeStart, highestKnown + 1));
    }
    return out;
  }

  long highestKnown() {
    return highestKnown;
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) missingSince.length);
  }
}
