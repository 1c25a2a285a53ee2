package dev.smfs.cli;

import dev.smfs.bench.BenchException;
import dev.smfs.bench.WritesBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code smfs bench writes}: write latency and throughput through a mirrored mount, with a mirror
 * process and the WAN emulator between them.
 */
@Command(
    name = "writes",
    mixinStandardHelpOptions = true,
    description =
        "Start a mirror and a mirrored mount on loopback (WAN emulator between them), time"
            + " N writers' pwrites through the mount for S seconds.")
final class BenchWritesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BenchClusterOptions cluster;

  @Option(names = "--delay-ms", paramLabel = "D", description = "One-way delay (default 25).")
  double delayMs = 25;

  @Option(names = "--seconds", paramLabel = "S", description = "Writing time (default 10).")
  int seconds = 10;

  @Option(
      names = "--warmup-seconds",
      paramLabel = "W",
      description =
          "Unmeasured writing before that, so the fresh JVMs' JIT has compiled the paths"
              + " (default 30: on 2 cores the three JVMs' C2 compilers still took about a third"
              + " of the CPU 15-25 s after the start; 0 for none).")
  int warmupSeconds = 30;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    WritesBench.Config config;
    try {
      config =
          new WritesBench.Config(
              cluster.cluster(delayMs), cluster.writers, cluster.size, seconds, warmupSeconds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    WritesBench.Result r;
    try {
      r = WritesBench.run(config);
    } catch (IOException | BenchException e) {
      throw new CliException("bench writes failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("bench writes interrupted");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "writes: safety=%s delay_ms=%s loss=%s writers=%d size=%d: %d writes in %.1f s,"
            + " %.1f Mbit/s, latency p50=%.2f ms p99=%.2f ms p99.9=%.2f ms%n",
        config.cluster().safety().cliName(),
        delayMs,
        config.cluster().loss(),
        config.writers(),
        config.size(),
        r.writes(),
        r.seconds(),
        r.throughputMbps(),
        r.p50Ms(),
        r.p99Ms(),
        r.p999Ms());
    if (json) {
      out.println(r.toJson());
    }
    out.flush();
    return Smfs.EXIT_OK;
  }
}
