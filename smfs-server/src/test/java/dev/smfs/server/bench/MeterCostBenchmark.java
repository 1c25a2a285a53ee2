package dev.smfs.server.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the FUSE adapter's meters ({@code dev.smfs.fuse.FuseMetrics}) add to one write(): an op
 * counter increment, two {@code System.nanoTime()} reads and a record into the write-latency
 * histogram (10 µs..30 s), on the daemon's Prometheus registry ({@code prometheus}) and on the
 * no-op registry unit tests and benchmarks without a registry use ({@code noop}). Run with 1 and 2
 * threads ({@code -t}) to see contention on the shared meters.
 *
 * <pre>
 * smfs-server/jmh.sh MeterCost -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MeterCostBenchmark {
  @Param({"prometheus", "noop"})
  public String registry;

  private Counter ops;
  private Timer latency;

  @Setup
  public void setUp() {
    MeterRegistry r =
        registry.equals("noop")
            ? new CompositeMeterRegistry()
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ops = r.counter("smfs_fuse_ops", "op", "write");
    latency =
        Timer.builder("smfs_write_latency")
            .tags("level", "async", "op", "write")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(r);
  }

  /** The op counter alone (every FUSE call). */
  @Benchmark
  public void opCounter() {
    ops.increment();
  }

  /** Counter plus timing and histogram record (a successful write or fsync). */
  @Benchmark
  public void opCounterAndLatency() {
    long start = System.nanoTime();
    ops.increment();
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }
}
