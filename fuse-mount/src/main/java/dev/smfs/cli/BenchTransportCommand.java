package dev.smfs.cli;

import dev.smfs.transport.bench.TransportBench;
import dev.smfs.transport.bench.TransportBenchConfig;
import dev.smfs.transport.bench.TransportBenchResult;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.wan.GilbertElliott;
import dev.smfs.transport.wan.WanProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code smfs bench transport}: plain UDP, then the FEC session, through the WAN emulator on
 * 127.0.0.1 in this JVM. Both directions of the emulated link get the same impairments.
 */
@Command(
    name = "transport",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the FEC transport through the WAN emulator on 127.0.0.1.",
      "Runs plain UDP (the ceiling of the path) and then the reliable session, each for --seconds."
    })
final class BenchTransportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seconds", paramLabel = "S", description = "Length of each phase (default 10).")
  double seconds = 10;

  @Option(names = "--delay-ms", paramLabel = "D", description = "One-way delay (default 25).")
  double delayMs = 25;

  @Option(names = "--jitter-ms", paramLabel = "J", description = "Delay jitter (default 0).")
  double jitterMs;

  @Option(names = "--loss", paramLabel = "P", description = "Bernoulli loss in [0,1] (default 0).")
  double loss;

  @Option(
      names = "--ge",
      paramLabel = "P_GB,P_BG,P_LOSS_BAD",
      description = "Gilbert-Elliott burst loss parameters.")
  String ge;

  @Option(names = "--fec", paramLabel = "R,C", description = "FEC rate (default 8,3).")
  String fec = "8,3";

  @Option(
      names = "--interleave",
      paramLabel = "I1,..",
      description = "Interleaves, one per layer (default 1,10,100).")
  String interleave = "1,10,100";

  @Option(names = "--rate-mbit", paramLabel = "N", description = "Link rate cap (default none).")
  Double rateMbit;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Seal the session with AES-256-GCM under this key file (default: insecure).")
  java.nio.file.Path key;

  @Option(
      names = "--pace-mbit",
      paramLabel = "N",
      description =
          "Session pacing rate on the wire (default: --rate-mbit, else the raw phase's rate).")
  Double paceMbit;

  @Option(
      names = "--offered-mbit",
      paramLabel = "N",
      description =
          "Payload rate the application offers (default: what the pacing rate carries after FEC"
              + " and header overhead).")
  Double offeredMbit;

  @Option(
      names = "--latency-load",
      paramLabel = "SHARE",
      description =
          "After the main run, run the session again offered this share of its goodput, to"
              + " measure latency at a load it carries (default 0.5; 0 skips).")
  double latencyLoad = 0.5;

  @Option(
      names = "--keep-socket-limits",
      description =
          "Do not raise net.core.rmem_max/wmem_max to 32 MiB (by default the bench raises them"
              + " when it runs as root, so the session's 32 MiB socket buffers take effect).")
  boolean keepSocketLimits;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Payload bytes per data packet (default 1400).")
  int size = 1400;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of loss and payloads (default 1).")
  long seed = 1;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    TransportBenchConfig config = parseConfig();
    TransportBenchResult result;
    PrintWriter out = spec.commandLine().getOut();
    if (!keepSocketLimits) {
      out.println("socket buffer ceilings: " + TransportBench.raiseSocketBufferCeilings());
    }
    try {
      TransportSecurity security =
          key == null ? TransportSecurity.insecure() : TransportSecurity.fromKeyFile(key);
      result = TransportBench.run(config, paceMbit, offeredMbit, security, latencyLoad);
    } catch (IOException e) {
      throw new CliException("bench transport failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("bench transport interrupted");
    }
    out.print(result.summary());
    if (json) {
      out.println(result.toJson());
    }
    out.flush();
    return Smfs.EXIT_OK;
  }

  /** Validates every flag; a bad one is a usage error (exit 2). */
  TransportBenchConfig parseConfig() {
    try {
      if (paceMbit != null && !(paceMbit > 0)) {
        throw new IllegalArgumentException("--pace-mbit=" + paceMbit + " must be > 0");
      }
      if (!(latencyLoad >= 0 && latencyLoad < 1)) {
        throw new IllegalArgumentException("--latency-load=" + latencyLoad + " must be in [0,1)");
      }
      if (offeredMbit != null && !(offeredMbit > 0)) {
        throw new IllegalArgumentException("--offered-mbit=" + offeredMbit + " must be > 0");
      }
      int[] rc = parseInts("--fec", fec);
      if (rc.length != 2) {
        throw new IllegalArgumentException("--fec expects R,C, got '" + fec + "'");
      }
      WanProfile link =
          WanProfile.PERFECT
              .withDelayMs(delayMs)
              .withJitterMs(jitterMs)
              .withLoss(loss)
              .withGe(ge == null ? null : GilbertElliott.parse(ge))
              .withRateMbit(rateMbit)
              .withQueueLimitBytes(TransportBench.queueBytesFor(delayMs + jitterMs))
              .withSeed(seed);
      return new TransportBenchConfig(
          seconds, link, rc[0], rc[1], parseInts("--interleave", interleave), size, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static int[] parseInts(String flag, String text) {
    String[] parts = text.split(",", -1);
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            flag + " expects comma-separated integers, got '" + text + "'");
      }
    }
    return values;
  }
}
