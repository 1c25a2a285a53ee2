package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateShaperTest {
  @Test
  void noRateMeansDepartureOnArrival() {
    RateShaper shaper = new RateShaper(null);
    assertEquals(123, shaper.depart(123, 1_000_000));
    assertEquals(0, shaper.backlogNanos(123));
  }

  @Test
  void backToBackPacketsAreSerialisedAtTheRate() {
    // 8 Mbit/s is one byte per microsecond: 1000 bytes take 1 ms.
    RateShaper shaper = new RateShaper(8.0);
    assertEquals(1_000_000, shaper.depart(0, 1000));
    assertEquals(2_000_000, shaper.depart(0, 1000));
    assertEquals(3_000_000, shaper.depart(500_000, 1000));
    assertEquals(2_500_000, shaper.backlogNanos(500_000));
  }

  @Test
  void anIdleLinkStartsAtArrival() {
    RateShaper shaper = new RateShaper(8.0);
    shaper.depart(0, 1000);
    assertEquals(6_000_000, shaper.depart(5_000_000, 1000));
  }

  @Test
  void fractionalNanosecondsAreCarriedSoLongRunsKeepTheExactRate() {
    // 3 Mbit/s: 2666.67 ns per byte, not a whole number.
    RateShaper shaper = new RateShaper(3.0);
    long last = 0;
    for (int i = 0; i < 3_000; i++) {
      last = shaper.depart(0, 1);
    }
    assertEquals(8_000_000, last);
  }

  @Test
  void gigabitCarriesOneThousandFiveHundredBytePacketsEveryTwelveMicroseconds() {
    RateShaper shaper = new RateShaper(1000.0);
    long last = 0;
    for (int i = 0; i < 1_000_000; i++) {
      last = shaper.depart(0, 1500);
    }
    assertEquals(12_000_000_000L, last);
  }
}
