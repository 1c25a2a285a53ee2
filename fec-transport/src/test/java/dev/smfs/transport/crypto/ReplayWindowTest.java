package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  private final ReplayWindow w = new ReplayWindow();

  private boolean accept(long c) {
    if (!w.isFresh(c)) {
      return false;
    }
    w.mark(c);
    return true;
  }

  @Test
  void firstCounterIsFreshWhateverItsValue() {
    assertTrue(accept(1L << 61));
  }

  @Test
  void sameCounterTwiceIsAReplay() {
    assertTrue(accept(1000));
    assertFalse(accept(1000));
  }

  @Test
  void reorderingWithinTheWindowIsAcceptedOnce() {
    long base = 5_000_000;
    List<Long> counters = new ArrayList<>();
    for (long c = base; c < base + ReplayWindow.SIZE; c++) {
      counters.add(c);
    }
    Collections.shuffle(counters, new Random(3));
    for (long c : counters) {
      assertTrue(accept(c), "counter=" + c);
    }
    for (long c : counters) {
      assertFalse(accept(c), "replay counter=" + c);
    }
  }

  @Test
  void counterOlderThanTheWindowIsRejected() {
    assertTrue(accept(10_000));
    assertFalse(w.isFresh(10_000 - ReplayWindow.SIZE));
    assertTrue(w.isFresh(10_000 - ReplayWindow.SIZE + 1));
  }

  @Test
  void slidingForwardForgetsOnlyWhatLeftTheWindow() {
    assertTrue(accept(100));
    assertTrue(accept(100 + ReplayWindow.SIZE - 1));
    assertFalse(w.isFresh(100));
    assertTrue(accept(100 + ReplayWindow.SIZE));
    // 100 has left the window: now too old, never fresh again
    assertFalse(w.isFresh(100));
    assertFalse(w.isFresh(100 + ReplayWindow.SIZE - 1));
    assertTrue(w.isFresh(101));
  }

  @Test
  void jumpFarAheadClearsTheWindow() {
    assertTrue(accept(8));
    assertTrue(accept(7 + 10L * ReplayWindow.SIZE));
    // same bitmap slot as 8, inside the new window: the old mark must not make it a replay
    assertTrue(accept(8 + 9L * ReplayWindow.SIZE));
    assertFalse(accept(7 + 10L * ReplayWindow.SIZE));
  }
}
