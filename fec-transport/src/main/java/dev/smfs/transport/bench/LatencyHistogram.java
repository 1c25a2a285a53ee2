package dev.smfs.transport.bench;

/**
 * Log-linear histogram of latencies in microseconds with at most 1/64 (1.6%) relative error, in the
 * manner of HdrHistogram with two significant digits: values below 128 us are exact, larger ones
 * fall into 64 sub-buckets per power of two. HdrHistogram itself reaches this module only at
 * runtime scope (through micrometer-core), so it is not used rather than adding a dependency.
 *
 * <p>Not thread-safe: one recorder thread; read after it has stopped.
 */
final class LatencyHistogram {
  private static final int SUB_BUCKETS = 64;
  private static final int BUCKETS = 64 * SUB_BUCKETS + 2 * SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long maxMicros;

  static int index(long micros) {
    if (micros < 2 * SUB_BUCKETS) {
      return (int) micros;
    }
    int shift = 63 - Long.numberOfLeadingZeros(micros) - 6;
    return shift * SUB_BUCKETS + (int) (micros >>> shift);
  }

  /** Smallest value that falls into bucket {@code index}. */
  static long lowestValue(int index) {
    if (index < 2 * SUB_BUCKETS) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    long mantissa = index - (long) shift * SUB_BUCKETS;
    return mantissa << shift;
  }

  void recordNanos(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    counts[index(micros)]++;
    total++;
    maxMicros = Math.max(maxMicros, micros);
  }

  long count() {
    return total;
  }

  /**
   * The value at quantile {@code q} (0 < q <= 1) in milliseconds, as the middle of its bucket; NaN
   * when empty.
   */
  double quantileMillis(double q) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        long low = lowestValue(i);
        long width = lowestValue(i + 1) - low;
        return Math.min(maxMicros, low + (width - 1) / 2.0) / 1_000.0;
      }
    }
    return maxMicros / 1_000.0;
  }

  double maxMillis() {
    return maxMicros / 1_000.0;
  }
}
