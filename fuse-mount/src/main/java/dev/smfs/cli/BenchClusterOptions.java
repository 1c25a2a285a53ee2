package dev.smfs.cli;

import dev.smfs.bench.ClusterConfig;
import dev.smfs.server.safety.SafetyLevel;
import picocli.CommandLine.Option;

/** Flags shared by {@code smfs bench writes} and {@code smfs bench disaster}: link and mount. */
final class BenchClusterOptions {
  @Option(
      names = "--safety",
      paramLabel = "LEVEL",
      description = "async | local-sync | network-sync | remote-sync (default network-sync).")
  String safety = "network-sync";

  @Option(names = "--loss", paramLabel = "P", description = "Link loss probability (default 0).")
  double loss;

  @Option(names = "--fec", paramLabel = "R,C", description = "FEC of the mount (default 8,3).")
  String fec;

  @Option(
      names = "--interleave",
      paramLabel = "I1,..",
      description = "Interleaves of the mount (default 1,10,100).")
  String interleave;

  /**
   * The benches pace the session at 2 Gbit/s unless told otherwise: the emulated link has no rate
   * cap, and the mount's own default (100 Mbit/s, safe on a real WAN) would make pacing, not the
   * safety level, the thing measured. Two cores carry well under this rate with (8,3) repairs.
   */
  static final int DEFAULT_RATE_MBIT = 2000;

  @Option(
      names = "--rate-mbit",
      paramLabel = "N",
      description =
          "Pacing rate of the session (default "
              + DEFAULT_RATE_MBIT
              + ", above what the bench carries, so that pacing does not cap it; the mount's own"
              + " default is 100).")
  Integer rateMbit = DEFAULT_RATE_MBIT;

  @Option(
      names = "--min-repairs",
      paramLabel = "K",
      description =
          "network-sync's k: repairs covering each packet before a write returns"
              + " (default: the FEC's c).")
  Integer minRepairs;

  @Option(names = "--writers", paramLabel = "N", description = "Writer threads (default 8).")
  int writers = 8;

  @Option(names = "--size", paramLabel = "BYTES", description = "Bytes per write (default 65536).")
  int size = 65536;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of loss draws (default 1).")
  long seed = 1;

  /** The cluster's settings; IllegalArgumentException naming a bad value. */
  ClusterConfig cluster(double delayMs) {
    MountCommand.fecParams(fec, interleave); // same validation as smfs mount, before any process
    return new ClusterConfig(
        SafetyLevel.parse(safety), delayMs, loss, fec, interleave, rateMbit, seed, minRepairs);
  }
}
