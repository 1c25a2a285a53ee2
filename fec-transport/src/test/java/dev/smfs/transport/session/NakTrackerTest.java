package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.transport.codec.SeqRange;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NakTrackerTest {
  private static final long DELAY = 10;
  private static final long RENAK = 50;
  private final NakTracker tracker = new NakTracker(1024, 0);
  private final Set<Long> received = new HashSet<>();

  private List<SeqRange> naks(long next, long now, int max) {
    return tracker.naks(next, received::contains, now, DELAY, RENAK, max);
  }

  @Test
  void gapIsNotNakedBeforeTheDelay() {
    received.add(5L);
    tracker.onKnown(5, 0, 100);
    assertEquals(List.of(), naks(0, 109, 8));
  }

  @Test
  void gapIsNakedOnceTheDelayPassed() {
    received.add(5L);
    tracker.onKnown(5, 0, 100);
    assertEquals(List.of(new SeqRange(0, 5)), naks(0, 110, 8));
  }

  @Test
  void nakedGapIsRepeatedOnlyAfterTheRenakInterval() {
    received.add(5L);
    tracker.onKnown(5, 0, 100);
    naks(0, 110, 8);
    assertEquals(List.of(), naks(0, 159, 8));
    assertEquals(List.of(new SeqRange(0, 5)), naks(0, 160, 8));
  }

  @Test
  void receivedPacketsSplitTheRanges() {
    received.add(2L);
    received.add(6L);
    tracker.onKnown(6, 0, 0);
    assertEquals(List.of(new SeqRange(0, 2), new SeqRange(3, 6)), naks(0, 100, 8));
  }

  @Test
  void newlyKnownSeqsWaitTheirOwnDelay() {
    received.add(3L);
    tracker.onKnown(3, 0, 0);
    received.add(8L);
    tracker.onKnown(8, 0, 95);
    assertEquals(List.of(new SeqRange(0, 3)), naks(0, 100, 8));
    assertEquals(List.of(new SeqRange(4, 8)), naks(0, 105, 8));
  }

  @Test
  void rangesStopAtTheLimit() {
    for (long s = 1; s < 20; s += 2) {
      received.add(s);
    }
    tracker.onKnown(19, 0, 0);
    assertEquals(
        List.of(new SeqRange(0, 1), new SeqRange(2, 3), new SeqRange(4, 5)), naks(0, 100, 3));
    // the ones left out are still due next time
    assertEquals(new SeqRange(6, 7), naks(0, 101, 3).get(0));
  }

  @Test
  void nothingBelowTheDeliveryPointIsNaked() {
    received.add(9L);
    tracker.onKnown(9, 0, 0);
    assertEquals(List.of(new SeqRange(5, 9)), naks(5, 100, 8));
  }

  @Test
  void seqsBeyondTheCapacityAreNotTracked() {
    NakTracker small = new NakTracker(4, 0);
    small.onKnown(10, 0, 0);
    assertEquals(3, small.highestKnown());
    assertEquals(List.of(new SeqRange(0, 4)), small.naks(0, s -> false, 100, DELAY, RENAK, 8));
  }

  @Test
  void firstNakWaitsUntilTheWidestFecGroupIsComplete() {
    // span 4: a gap at 0 waits until seq 4 is known (or the FEC wait of 1000 passed)
    tracker.onArrived(2, 0, 0);
    received.add(2L);
    assertEquals(List.of(), tracker.naks(0, received::contains, 100, DELAY, 4, 1000, RENAK, 8));
    tracker.onArrived(4, 0, 100);
    received.add(4L);
    assertEquals(
        List.of(new SeqRange(0, 1)),
        tracker.naks(0, received::contains, 101, DELAY, 4, 1000, RENAK, 8));
  }

  @Test
  void firstNakGoesAfterTheFecWaitEvenIfTheSpanIsNotReached() {
    tracker.onArrived(2, 0, 0);
    received.add(2L);
    assertEquals(List.of(), tracker.naks(0, received::contains, 999, DELAY, 100, 1000, RENAK, 8));
    assertEquals(
        List.of(new SeqRange(0, 2)),
        tracker.naks(0, received::contains, 1000, DELAY, 100, 1000, RENAK, 8));
  }

  @Test
  void arrivedPacketsAreNoCandidates() {
    for (long s = 0; s < 100; s++) {
      if (s != 40) {
        tracker.onArrived(s, 0, 0);
        received.add(s);
      }
    }
    assertEquals(1, tracker.candidates());
    assertEquals(99, tracker.highestKnown());
  }

  @Test
  void recoveredCandidatesAreDroppedByTheNextScan() {
    received.add(5L);
    tracker.onArrived(5, 0, 0);
    assertEquals(5, tracker.candidates());
    received.add(1L);
    received.add(3L);
    assertEquals(
        List.of(new SeqRange(0, 1), new SeqRange(2, 3), new SeqRange(4, 5)), naks(0, 100, 8));
    assertEquals(3, tracker.candidates());
  }
}
