package dev.smfs.cli;

import dev.smfs.bench.BenchException;
import dev.smfs.bench.CatchupBench;
import dev.smfs.bench.ClusterConfig;
import dev.smfs.server.safety.SafetyLevel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code smfs bench catchup}: how fast a mirror that was down catches up, and whether it ends
 * identical to the primary.
 */
@Command(
    name = "catchup",
    mixinStandardHelpOptions = true,
    description =
        "Start a mirror and a local-sync mirrored mount on loopback (WAN emulator between them),"
            + " stop the mirror, write SIZE bytes through the mount, restart the mirror and time"
            + " its catch-up; then fsck both data directories and compare their trees.")
final class BenchCatchupCommand implements Callable<Integer> {
  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([KMG]?)(?:I?B)?");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Bytes written while the mirror is down; K/M/G suffixes (default 1G).")
  String size = "1G";

  @Option(names = "--files", paramLabel = "N", description = "Files written (default 8).")
  int files = 8;

  @Option(names = "--delay-ms", paramLabel = "D", description = "One-way delay (default 25).")
  double delayMs = 25;

  @Option(names = "--loss", paramLabel = "P", description = "Link loss probability (default 0).")
  double loss;

  @Option(names = "--fec", paramLabel = "R,C", description = "FEC of the mount (default 8,3).")
  String fec;

  @Option(
      names = "--rate-mbit",
      paramLabel = "N",
      description =
          "Pacing rate of the session (default "
              + BenchClusterOptions.DEFAULT_RATE_MBIT
              + ", above what the bench carries, so that the catch-up rate measured is the"
              + " machine's, not the pacing's; the mount's own default is 100).")
  Integer rateMbit = BenchClusterOptions.DEFAULT_RATE_MBIT;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of content and loss (default 1).")
  long seed = 1;

  @Option(
      names = "--new-mirror",
      description =
          "First overwrite a file until the primary's cleaner deletes its first log segment, and"
              + " delete the mirror's data while it is down: the restarted mirror is brand new and"
              + " gets the whole volume (its retained records and a base).")
  boolean newMirror;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  /** Bytes from {@code 123}, {@code 64K}, {@code 16MiB}, {@code 1G}... (powers of 1024). */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("size must be BYTES with an optional K, M or G: " + text);
    }
    int shift =
        switch (m.group(2)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          default -> 0;
        };
    long n = Long.parseLong(m.group(1));
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size too large: " + text);
    }
    return n << shift;
  }

  @Override
  public Integer call() {
    CatchupBench.Config config;
    try {
      MountCommand.fecParams(fec, null); // same validation as smfs mount, before any process
      config =
          new CatchupBench.Config(
              new ClusterConfig(
                  SafetyLevel.LOCAL_SYNC, delayMs, loss, fec, null, rateMbit, seed, null),
              parseSize(size),
              files,
              newMirror);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CatchupBench.Result r;
    try {
      r = CatchupBench.run(config);
    } catch (IOException | BenchException e) {
      throw new CliException("bench catchup failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("bench catchup interrupted");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "catchup%s: delay_ms=%s loss=%s: %d bytes in %d files written in %.1f s while the mirror was"
            + " down (%d records); caught up in %.1f s = %.1f Mbit/s (%.1f MB/s); fsck primary=%s"
            + " mirror=%s; trees %s%n",
        newMirror ? " (new mirror)" : "",
        delayMs,
        loss,
        r.bytesWritten(),
        config.files(),
        r.writeSeconds(),
        r.records(),
        r.catchupSeconds(),
        r.catchupMbps(),
        r.catchupMbps() / 8,
        r.fsckPrimary(),
        r.fsckMirror(),
        r.treesEqual() ? "equal" : "DIFFER: " + r.difference());
    if (json) {
      out.println(r.toJson());
    }
    out.flush();
    return r.treesEqual() && "clean".equals(r.fsckPrimary()) && "clean".equals(r.fsckMirror())
        ? Smfs.EXIT_OK
        : Smfs.EXIT_FAILURE;
  }
}
