package dev.smfs.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told to, in nanoseconds since the epoch. Thread-safe: the
 * time is one atomic value, so a volume may read it from any thread while the test sets it.
 */
public final class TestClock extends Clock {
  /** 2026-01-01T00:00:00Z, a start far from zero so time arithmetic bugs show. */
  public static final long DEFAULT_START_NANOS = 1_767_225_600_000_000_000L;

  private final AtomicLong nanos;

  public TestClock() {
    this(DEFAULT_START_NANOS);
  }

  public TestClock(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  /** The current time in nanoseconds since the epoch. */
  public long nanos() {
    return nanos.get();
  }

  public void setNanos(long value) {
    nanos.set(value);
  }

  /** Moves the clock forward and returns the new time. */
  public long advance(Duration d) {
    return advanceNanos(d.toNanos());
  }

  public long advanceNanos(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException("delta=" + delta + " must be >= 0");
    }
    return nanos.addAndGet(delta);
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(
        Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return Math.floorDiv(nanos.get(), 1_000_000L);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Time zones do not matter to volumes; the same clock is returned. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
