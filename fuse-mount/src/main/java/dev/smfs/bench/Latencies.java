package dev.smfs.bench;

import java.util.Arrays;

/**
 * Individual latencies in nanoseconds; exact percentiles by rank. Not thread-safe: one per writer
 * thread, merged after the writers stopped.
 */
final class Latencies {
  private long[] values = new long[1024];
  private int count;

  void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  int count() {
    return count;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < p.count; i++) {
        all.add(p.values[i]);
      }
    }
    Arrays.sort(all.values, 0, all.count);
    return all;
  }

  /** The value at quantile {@code q} of a merged (sorted) set, in ms; NaN when empty. */
  double quantileMillis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.min(count, Math.max(1, Math.ceil(q * count)));
    return values[rank - 1] / 1e6;
  }
}
