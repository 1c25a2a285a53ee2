package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  /** 1 MB/s = 1 byte per microsecond, 3000-byte burst, starting full at t=0. */
  private final TokenBucket bucket = new TokenBucket(1_000_000, 3000, 0);

  @Test
  void burstGoesAtOnceThenThePacerHolds() {
    assertTrue(bucket.tryConsume(1500, 0));
    assertTrue(bucket.tryConsume(1500, 0));
    assertFalse(bucket.tryConsume(1500, 0));
  }

  @Test
  void waitMatchesTheRate() {
    bucket.tryConsume(3000, 0);
    assertEquals(1_500_000, bucket.nanosUntil(1500, 0));
    assertFalse(bucket.tryConsume(1500, 1_499_000));
    assertTrue(bucket.tryConsume(1500, 1_500_000));
  }

  @Test
  void idleTimeDoesNotGrowTheBurstPastItsSize() {
    bucket.tryConsume(3000, 0);
    assertTrue(bucket.tryConsume(3000, 1_000_000_000L));
    assertFalse(bucket.tryConsume(1, 1_000_000_000L));
  }
}
