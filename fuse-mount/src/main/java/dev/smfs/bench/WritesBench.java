package dev.smfs.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code smfs bench writes}: N writers pwrite BYTES-sized blocks through a mirrored mount for S
 * seconds; each write is timed from the call to its return, which the mount's safety level decides.
 * A warm-up of W seconds comes first, with the same writers and link, and is not measured: the
 * mount and the mirror are fresh JVMs, and until their JIT has compiled the write and shipping
 * paths (several seconds of C2 at full load) a run measures the compiler rather than the system.
 */
public final class WritesBench {
  /** How long writers may overrun their deadline (a write blocked on the link) before failing. */
  static final Duration OVERRUN = Duration.ofSeconds(60);

  /**
   * @param cluster link and mount settings
   * @param writers concurrent writer threads, one file each
   * @param size bytes per write
   * @param seconds how long the writers write (measured)
   * @param warmupSeconds how long they write before that (not measured), 0 for none
   */
  public record Config(
      ClusterConfig cluster, int writers, int size, int seconds, int warmupSeconds) {
    public Config {
      if (warmupSeconds < 0) {
        throw new IllegalArgumentException("warmupSeconds must be >= 0: " + warmupSeconds);
      }
      if (writers <= 0 || size <= 0 || seconds <= 0) {
        throw new IllegalArgumentException(
            "writers, size and seconds must be > 0: writers="
                + writers
                + " size="
                + size
                + " seconds="
                + seconds);
      }
    }
  }

  /**
   * What one run measured.
   *
   * @param throughputMbps payload written, in 10^6 bit/s
   */
  public record Result(
      Config config,
      long writes,
      double throughputMbps,
      double p50Ms,
      double p99Ms,
      double p999Ms,
      double seconds) {
    /** One line of JSON. */
    public String toJson() {
      ClusterConfig c = config.cluster();
      return String.format(
          Locale.ROOT,
          "{\"bench\":\"writes\",\"safety\":\"%s\",\"delay_ms\":%s,\"loss\":%s,\"writers\":%d,"
              + "\"size\":%d,\"seconds\":%.3f,\"writes\":%d,\"throughput_mbps\":%.3f,"
              + "\"latency_ms_p50\":%.3f,\"latency_ms_p99\":%.3f,\"latency_ms_p999\":%.3f,"
              + "\"fec\":\"%s\",\"interleave\":\"%s\",\"min_repairs\":\"%s\","
              + "\"rate_mbit\":\"%s\",\"warmup_seconds\":%d}",
          c.safety().cliName(),
          num(c.delayMs()),
          num(c.loss()),
          config.writers(),
          config.size(),
          seconds,
          writes,
          throughputMbps,
          p50Ms,
          p99Ms,
          p999Ms,
          c.fec() == null ? "default" : c.fec(),
          c.interleave() == null ? "default" : c.interleave(),
          c.minRepairs() == null ? "default" : c.minRepairs(),
          c.rateMbit() == null ? "default" : c.rateMbit(),
          config.warmupSeconds());
    }
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  private WritesBench() {}

  /** Runs the writers for {@code seconds} and waits for them; throws on any failed write. */
  private static Writers write(BenchCluster cluster, Config config, int seconds, long seed)
      throws IOException, InterruptedException {
    Writers w = new Writers(cluster.mountPoint(), config.writers(), config.size(), seed, null);
    w.start(Duration.ofSeconds(seconds));
    if (!w.join(Duration.ofSeconds(seconds).plus(OVERRUN))) {
      w.stop();
      throw new BenchException(
          "a writer is still blocked "
              + OVERRUN.toSeconds()
              + " s after the end: "
              + cluster.logTails());
    }
    List<Throwable> errors = w.errors();
    if (!errors.isEmpty()) {
      throw new BenchException(
          "write failed: " + errors.get(0) + " (" + errors.size() + " writers failed)",
          errors.get(0));
    }
    return w;
  }

  public static Result run(Config config) throws IOException, InterruptedException {
    try (BenchCluster cluster = BenchCluster.start(config.cluster())) {
      if (config.warmupSeconds() > 0) {
        write(cluster, config, config.warmupSeconds(), config.cluster().seed() + 1);
      }
      Writers w = write(cluster, config, config.seconds(), config.cluster().seed());
      Latencies l = w.latencies();
      double secs = w.elapsedSeconds();
      double mbps = l.count() * (double) config.size() * 8 / secs / 1e6;
      return new Result(
          config,
          l.count(),
          mbps,
          l.quantileMillis(0.50),
          l.quantileMillis(0.99),
          l.quantileMillis(0.999),
          secs);
    }
  }
}
