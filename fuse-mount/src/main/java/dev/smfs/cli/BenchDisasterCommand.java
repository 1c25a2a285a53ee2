package dev.smfs.cli;

import dev.smfs.bench.BenchException;
import dev.smfs.bench.DisasterBench;
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
 * {@code smfs bench disaster}: how many acknowledged writes a mirror loses when the primary site is
 * lost during a burst of packet loss.
 */
@Command(
    name = "disaster",
    mixinStandardHelpOptions = true,
    description =
        "Per trial: write through a mirrored mount, log acknowledged writes outside it, drop"
            + " packets with probability --loss for 0.5 s, SIGKILL the primary, then check every"
            + " acknowledged write on the mirror.")
final class BenchDisasterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BenchClusterOptions cluster;

  @Option(names = "--delay-ms", paramLabel = "D", description = "One-way delay (default 25).")
  double delayMs = 25;

  @Option(names = "--trials", paramLabel = "T", description = "Trials (default 20).")
  int trials = 20;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    DisasterBench.Config config;
    try {
      config =
          new DisasterBench.Config(cluster.cluster(delayMs), cluster.writers, cluster.size, trials);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    DisasterBench.Result r;
    try {
      r =
          DisasterBench.run(
              config,
              line -> {
                out.println(line);
                out.flush();
              });
    } catch (IOException | BenchException e) {
      throw new CliException("bench disaster failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("bench disaster interrupted");
    }
    out.printf(
        Locale.ROOT,
        "disaster: safety=%s loss=%s delay_ms=%s: %d trials, %d acknowledged writes, %d lost"
            + " (%d trials with loss)%n",
        config.cluster().safety().cliName(),
        config.cluster().loss(),
        delayMs,
        r.trials().size(),
        r.acked(),
        r.ackedLost(),
        r.trialsWithLoss());
    if (json) {
      out.println(r.toJson());
    }
    out.flush();
    return Smfs.EXIT_OK;
  }
}
