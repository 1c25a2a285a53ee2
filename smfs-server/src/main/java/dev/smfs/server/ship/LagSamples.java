package dev.smfs.server.ship;

/**
 * When the log reached which LSN: a bounded ring of (lsn, time) samples from which the age of the
 * oldest record not yet durable on the mirror is read ({@link #ageNanos}).
 *
 * <p>A sample (L, t) says "by time t the log's last LSN was at least L". The oldest record not yet
 * durable, {@code durable + 1}, was therefore appended at or before the {@code t} of the first
 * sample with {@code L > durable}, and after the sample before it: the age read is a lower bound
 * whose error is the sampling interval plus the delay between the append and its sample. Records
 * already in the log when sampling started are dated to the first sample (the process start).
 *
 * <p>Bounds: one sample per {@code interval} at most (an append between samples costs one clock
 * read and a compare). When the ring is full (the mirror has been behind for a long time) every
 * second sample is dropped, keeping the oldest, and the interval doubles: resolution degrades, the
 * oldest undurable record keeps its date. The interval halves again once the ring is a quarter
 * full.
 *
 * <p>Not thread-safe: the owner ({@link ShippedVolume}) serialises calls.
 */
final class LagSamples {
  /** Samples kept; 1,024 × 16 bytes. */
  static final int CAPACITY = 1024;

  /** Finest sampling interval: lag in seconds needs no better than a millisecond. */
  static final long BASE_INTERVAL_NANOS = 1_000_000L;

  private final long[] lsns = new long[CAPACITY];
  private final long[] times = new long[CAPACITY];
  private int head; // index of the oldest sample
  private int size;
  private long intervalNanos = BASE_INTERVAL_NANOS;

  /** Records that the log's last LSN was {@code lsn} at {@code nowNanos}, if a sample is due. */
  void sample(long lsn, long nowNanos) {
    if (size > 0) {
      int newest = slot(size - 1);
      if (lsn <= lsns[newest] || nowNanos - times[newest] < intervalNanos) {
        return;
      }
    }
    if (size == CAPACITY) {
      halve();
    }
    int s = slot(size);
    lsns[s] = lsn;
    times[s] = nowNanos;
    size++;
  }

  /** Forgets samples of records the mirror holds durably: those with {@code lsn <= durable}. */
  void trim(long durable) {
    while (size > 0 && lsns[head] <= durable) {
      head = (head + 1) % CAPACITY;
      size--;
    }
    while (intervalNanos > BASE_INTERVAL_NANOS && size < CAPACITY / 4) {
      intervalNanos /= 2;
    }
  }

  /**
   * Age at {@code nowNanos} of the oldest record after {@code durable}, given that the log ends at
   * {@code lastLsn}; 0 when nothing is pending. A pending record no sample covers yet (appended
   * since the last sample) is sampled now and has age 0.
   */
  long ageNanos(long durable, long lastLsn, long nowNanos) {
    if (lastLsn <= durable) {
      return 0;
    }
    trim(durable);
    if (size == 0) {
      sample(lastLsn, nowNanos);
      return 0;
    }
    return Math.max(0, nowNanos - times[head]);
  }

  int size() {
    return size;
  }

  long intervalNanos() {
    return intervalNanos;
  }

  private int slot(int i) {
    return (head + i) % CAPACITY;
  }

  /** Keeps samples 0, 2, 4, ... (the oldest among them) in order, and doubles the interval. */
  private void halve() {
    // Rare (once per CAPACITY / 2 samples at the new interval): copy out rather than compact a
    // wrapped ring in place.
    long[] l = new long[CAPACITY];
    long[] t = new long[CAPACITY];
    int kept = 0;
    for (int i = 0; i < size; i += 2) {
      l[kept] = lsns[slot(i)];
      t[kept] = times[slot(i)];
      kept++;
    }
    System.arraycopy(l, 0, lsns, 0, kept);
    System.arraycopy(t, 0, times, 0, kept);
    head = 0;
    size = kept;
    intervalNanos *= 2;
  }
}
