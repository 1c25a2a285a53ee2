package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  private final RttEstimator rtt = new RttEstimator(20_000);

  @Test
  void initialGuessHoldsUntilTheFirstSample() {
    assertEquals(20_000, rtt.srttNanos());
    assertEquals(10_000, rtt.rttVarNanos());
  }

  @Test
  void firstSampleReplacesTheGuess() {
    rtt.sample(8_000);
    assertEquals(8_000, rtt.srttNanos());
    assertEquals(4_000, rtt.rttVarNanos());
  }

  @Test
  void laterSamplesAreSmoothedWithGainOneEighth() {
    rtt.sample(8_000);
    rtt.sample(16_000);
    assertEquals(8_000 - 1_000 + 2_000, rtt.srttNanos());
    assertEquals(4_000 - 1_000 + 2_000, rtt.rttVarNanos());
  }

  @Test
  void negativeSampleIsIgnored() {
    rtt.sample(-5);
    assertEquals(20_000, rtt.srttNanos());
  }
}
