package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.server.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagSamplesTest {
  private final TestClock clock = new TestClock();
  private final LagSamples lag = new LagSamples();

  @Test
  void ageIsZeroWhenTheMirrorHoldsTheWholeLog() {
    lag.sample(5, clock.nanos());
    clock.advance(Duration.ofSeconds(3));
    assertEquals(0, lag.ageNanos(5, 5, clock.nanos()));
  }

  @Test
  void ageDatesTheOldestUndurableRecordByTheFirstSampleCoveringIt() {
    lag.sample(5, clock.nanos());
    clock.advance(Duration.ofSeconds(1));
    lag.sample(8, clock.nanos());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Duration.ofSeconds(3).toNanos(), lag.ageNanos(0, 8, clock.nanos()));
    assertEquals(Duration.ofSeconds(2).toNanos(), lag.ageNanos(5, 8, clock.nanos()));
  }

  @Test
  void trimForgetsSamplesTheMirrorHoldsDurably() {
    lag.sample(5, clock.nanos());
    clock.advance(Duration.ofSeconds(1));
    lag.sample(8, clock.nanos());
    lag.trim(5);
    assertEquals(1, lag.size());
    lag.trim(8);
    assertEquals(0, lag.size());
  }

  @Test
  void samplesCloserThanTheIntervalAreSkipped() {
    lag.sample(1, clock.nanos());
    clock.advanceNanos(LagSamples.BASE_INTERVAL_NANOS / 2);
    lag.sample(2, clock.nanos());
    assertEquals(1, lag.size());
    clock.advanceNanos(LagSamples.BASE_INTERVAL_NANOS / 2);
    lag.sample(3, clock.nanos());
    assertEquals(2, lag.size());
  }

  @Test
  void samplesWithoutNewRecordsAreSkipped() {
    lag.sample(4, clock.nanos());
    clock.advance(Duration.ofSeconds(1));
    lag.sample(4, clock.nanos());
    assertEquals(1, lag.size());
  }

  @Test
  void aFullRingKeepsTheOldestSampleAndCoarsensTheInterval() {
    long first = clock.nanos();
    for (int i = 1; i <= LagSamples.CAPACITY + 1; i++) {
      lag.sample(i, clock.nanos());
      clock.advanceNanos(LagSamples.BASE_INTERVAL_NANOS);
    }
    assertEquals(LagSamples.CAPACITY / 2 + 1, lag.size());
    assertEquals(2 * LagSamples.BASE_INTERVAL_NANOS, lag.intervalNanos());
    assertEquals(clock.nanos() - first, lag.ageNanos(0, LagSamples.CAPACITY + 1, clock.nanos()));
  }

  @Test
  void theIntervalComesBackOnceTheRingEmpties() {
    for (int i = 1; i <= LagSamples.CAPACITY + 1; i++) {
      lag.sample(i, clock.nanos());
      clock.advanceNanos(LagSamples.BASE_INTERVAL_NANOS);
    }
    lag.trim(LagSamples.CAPACITY + 1);
    assertEquals(LagSamples.BASE_INTERVAL_NANOS, lag.intervalNanos());
  }

  @Test
  void aPendingRecordNoSampleCoversIsDatedFromWhenItIsFirstSeen() {
    lag.sample(10, clock.nanos());
    lag.trim(10);
    assertEquals(0, lag.ageNanos(10, 12, clock.nanos()));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(1).toNanos(), lag.ageNanos(10, 12, clock.nanos()));
  }
}
