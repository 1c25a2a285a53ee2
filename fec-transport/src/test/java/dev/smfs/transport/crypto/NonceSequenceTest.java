package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceSequenceTest {

  @Test
  void countersNeverRepeat() {
    NonceSequence n = NonceSequence.random(new SecureRandom());
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      assertTrue(seen.add(n.next()));
    }
  }

  @Test
  void randomStartLeavesAtLeastTwoToTheSixtyTwoCounters() {
    SecureRandom r = new SecureRandom();
    for (int i = 0; i < 1000; i++) {
      long start = NonceSequence.random(r).next();
      assertTrue(start >= 0 && start < NonceSequence.MAX_START, "start=" + start);
    }
  }

  @Test
  void exhaustedCounterRefusesRatherThanWrapping() {
    NonceSequence n = new NonceSequence(1, Long.MAX_VALUE - 2);
    assertEquals(Long.MAX_VALUE - 2, n.next());
    assertEquals(Long.MAX_VALUE - 1, n.next());
    assertThrows(IllegalStateException.class, n::next);
    assertThrows(IllegalStateException.class, n::next);
  }

  @Test
  void negativeStartIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new NonceSequence(1, -1));
  }
}
