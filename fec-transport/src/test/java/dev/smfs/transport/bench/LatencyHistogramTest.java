package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsAreContiguousAndIncreasing() {
    for (int i = 1; i < 3000; i++) {
      assertTrue(LatencyHistogram.lowestValue(i) > LatencyHistogram.lowestValue(i - 1), "at " + i);
      assertEquals(i, LatencyHistogram.index(LatencyHistogram.lowestValue(i)), "at " + i);
      assertEquals(i - 1, LatencyHistogram.index(LatencyHistogram.lowestValue(i) - 1), "at " + i);
    }
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int us = 1; us <= 100; us++) {
      h.recordNanos(us * 1_000L);
    }
    assertEquals(0.050, h.quantileMillis(0.5), 1e-9);
    assertEquals(0.099, h.quantileMillis(0.99), 1e-9);
    assertEquals(0.100, h.quantileMillis(1.0), 1e-9);
  }

  @Test
  void quantilesAreWithinTwoPercentOfExactOnes() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 100_000;
    long[] micros = new long[n];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < n; i++) {
      micros[i] = 20_000 + (long) (random.nextDouble() * random.nextDouble() * 50_000);
      h.recordNanos(micros[i] * 1_000);
    }
    Arrays.sort(micros);
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double exact = micros[(int) Math.ceil(q * n) - 1] / 1_000.0;
      assertEquals(exact, h.quantileMillis(q), exact * 0.02, "q=" + q);
    }
  }

  @Test
  void emptyHistogramHasNoQuantile() {
    assertTrue(Double.isNaN(new LatencyHistogram().quantileMillis(0.5)));
  }
}
