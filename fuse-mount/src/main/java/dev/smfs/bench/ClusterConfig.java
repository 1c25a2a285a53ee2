package dev.smfs.bench;

import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.transport.bench.TransportBench;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link BenchCluster} is set up.
 *
 * @param safety the primary mount's level
 * @param delayMs one-way delay of the emulated link, both directions
 * @param loss Bernoulli loss of the link, both directions, in [0,1]
 * @param fec {@code R,C} for the mount, or null for its default
 * @param interleave {@code I1,..} for the mount, or null for its default
 * @param rateMbit the session's pacing rate, or null for its default
 * @param seed seeds the link's loss draws
 * @param minRepairs network-sync's k for the mount, or null for its default (c)
 */
public record ClusterConfig(
    SafetyLevel safety,
    double delayMs,
    double loss,
    String fec,
    String interleave,
    Integer rateMbit,
    long seed,
    Integer minRepairs) {
  public ClusterConfig {
    Objects.requireNonNull(safety, "safety");
    if (!(delayMs >= 0 && delayMs <= 10_000)) {
      throw new IllegalArgumentException("delay_ms must be in [0,10000]: delayMs=" + delayMs);
    }
    if (!(loss >= 0 && loss <= 1)) {
      throw new IllegalArgumentException("loss must be in [0,1]: loss=" + loss);
    }
    if (rateMbit != null && rateMbit <= 0) {
      throw new IllegalArgumentException("rate_mbit must be > 0: rateMbit=" + rateMbit);
    }
    if (minRepairs != null && minRepairs < 0) {
      throw new IllegalArgumentException("min_repairs must be >= 0: minRepairs=" + minRepairs);
    }
  }

  /**
   * The emulated link's queue limit, each direction: what a 4 Gbit/s link holds in flight over the
   * delay ({@link TransportBench#queueBytesFor}), as the transport bench sizes it. The emulator
   * charges its delay line to the limit, so its 16 MiB default (8192 datagrams) is a shallow buffer
   * on a long fast link: at 2000 Mbit/s and 50 ms it tail-dropped packets the session was entitled
   * to have in flight, which a real 50 ms link carries.
   */
  long linkQueueLimitBytes() {
    return TransportBench.queueBytesFor(delayMs);
  }

  /** The mirror-related flags of {@code smfs mount}, after {@code --mirror}. */
  List<String> mountFlags() {
    List<String> f = new ArrayList<>(List.of("--safety", safety.cliName()));
    if (fec != null) {
      f.addAll(List.of("--fec", fec));
    }
    if (interleave != null) {
      f.addAll(List.of("--interleave", interleave));
    }
    if (rateMbit != null) {
      f.addAll(List.of("--rate-mbit", rateMbit.toString()));
    }
    if (minRepairs != null) {
      f.addAll(List.of("--min-repairs", minRepairs.toString()));
    }
    return f;
  }
}
