package dev.smfs.cli;

import dev.smfs.mirror.Promotion;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smfs promote}: turn a stopped mirror's data directory into a primary's. Each replica gets
 * its epoch bumped (an EPOCH record in its log); stdout lists, one per line, {@code <uuid>
 * epoch=<new> lastLsn=<n> data=<dir>}, where {@code <dir>} is what {@code smfs mount --data} takes.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a stopped mirror's data directory into a primary's (fail over).",
      "Prints one line per volume; mount it with: smfs mount MOUNTPOINT --data <the data= path>."
    })
final class PromoteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Override
  public Integer call() {
    List<Promotion.Promoted> promoted;
    try {
      promoted = Promotion.promote(data, VolumeConfig.defaults());
    } catch (IOException e) {
      throw new CliException("promote: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Promotion.Promoted p : promoted) {
      out.println(
          p.volume()
              + " epoch="
              + p.newEpoch()
              + " lastLsn="
              + p.lastLsn()
              + " data="
              + p.dataDir());
    }
    out.flush();
    return Smfs.EXIT_OK;
  }
}
