package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs mirror}: run the mirror daemon. */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    description = "Run a mirror server that stores the primaries' logs durably.")
final class MirrorCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "UDP address to accept primaries on.")
  String listen;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve /metrics here.")
  String metrics;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs mirror", 6);
  }
}
