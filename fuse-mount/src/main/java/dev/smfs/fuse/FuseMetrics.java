package dev.smfs.fuse;

import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.volume.Errno;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Meters of the FUSE adapter, built for a mount's safety level:
 *
 * <ul>
 *   <li>{@code smfs_fuse_ops_total{op}} — operations served, one counter per {@link FuseOp} created
 *       up front (the hot path indexes an array, no map lookup, no string building)
 *   <li>{@code smfs_fuse_errors_total{op,errno}} — operations answered with {@code -errno}; a
 *       counter is created the first time an (op, errno) pair occurs, then found by array index
 *   <li>{@code smfs_write_latency_seconds{level,op}} — write() and fsync() (and fsyncdir, counted
 *       as fsync) from the adapter's entry until the volume returns, i.e. until the mount's safety
 *       gate released the data
 * </ul>
 *
 * <p>Thread-safe: libfuse's threads count concurrently (Micrometer meters are thread-safe; a racing
 * first creation of an error counter registers the same meter twice, which Micrometer resolves to
 * one).
 */
public final class FuseMetrics {
  private static final FuseOp[] OPS = FuseOp.values();
  private static final Errno[] ERRNOS = Errno.values();

  private final MeterRegistry registry;
  private final Counter[] ops = new Counter[OPS.length];
  private final AtomicReferenceArray<Counter> errors =
      new AtomicReferenceArray<>(OPS.length * ERRNOS.length);
  private final Timer writeLatency;
  private final Timer fsyncLatency;

  /**
   * @param level the mount's safety level as the command line spells it (e.g. {@code network-sync})
   */
  public FuseMetrics(MeterRegistry registry, String level) {
    this.registry = registry;
    for (FuseOp op : OPS) {
      ops[op.ordinal()] = registry.counter(MetricNames.FUSE_OPS, "op", op.tag());
    }
    writeLatency = latencyTimer(registry, level, "write");
    fsyncLatency = latencyTimer(registry, level, "fsync");
  }

  /**
   * A histogram (the dashboard's p99 by level needs {@code _bucket} series) bounded to 10 µs..30 s,
   * the span from an async write to a remote-sync write on a slow link, which keeps the bucket
   * count (and the cost of a record) down.
   */
  private static Timer latencyTimer(MeterRegistry registry, String level, String op) {
    return Timer.builder(MetricNames.WRITE_LATENCY)
        .tags("level", level, "op", op)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Meters that go nowhere (tests, benchmarks without a registry). */
  public static FuseMetrics noop() {
    return new FuseMetrics(new CompositeMeterRegistry(), "none");
  }

  void op(FuseOp op) {
    ops[op.ordinal()].increment();
  }

  void error(FuseOp op, Errno errno) {
    int i = op.ordinal() * ERRNOS.length + errno.ordinal();
    Counter c = errors.get(i);
    if (c == null) {
      c = registry.counter(MetricNames.FUSE_ERRORS, "op", op.tag(), "errno", errno.name());
      errors.set(i, c);
    }
    c.increment();
  }

  /** Records a write() or fsync() that started at {@code startNanos} ({@link System#nanoTime}). */
  void latency(FuseOp op, long startNanos) {
    Timer t = op == FuseOp.WRITE ? writeLatency : fsyncLatency;
    t.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** Operations counted for {@code op} so far (tests). */
  double count(FuseOp op) {
    return ops[op.ordinal()].count();
  }
}
