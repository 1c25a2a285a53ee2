package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code smfs mount}: mount a volume through FUSE, optionally mirrored. */
@Command(
    name = "mount",
    mixinStandardHelpOptions = true,
    description = "Mount a volume at MOUNTPOINT, optionally mirroring its log to a mirror server.")
final class MountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "Empty directory to mount on.")
  Path mountPoint;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Option(names = "--mirror", paramLabel = "HOST:PORT", description = "Mirror server address.")
  String mirror;

  @Option(
      names = "--safety",
      paramLabel = "LEVEL",
      description =
          "async | local-sync | network-sync | remote-sync (default: network-sync with --mirror,"
              + " local-sync without).")
  String safety;

  @Option(names = "--fec", paramLabel = "R,C", description = "FEC rate (default 8,3).")
  String fec;

  @Option(
      names = "--interleave",
      paramLabel = "I1,..",
      description = "Interleaves, one per layer (default 1,10,100).")
  String interleave;

  @Option(names = "--rate-mbit", paramLabel = "N", description = "Pacing rate of the link.")
  Integer rateMbit;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve /metrics here.")
  String metrics;

  @Option(names = "--foreground", description = "Stay in the foreground until unmounted.")
  boolean foreground;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs mount", 5);
  }
}
