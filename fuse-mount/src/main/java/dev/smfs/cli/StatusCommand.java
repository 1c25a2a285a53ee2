package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs status}: what a data directory or a running daemon is doing. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show role, volumes, mirror state and lag of a data directory or a daemon.")
final class StatusCommand implements Callable<Integer> {
  static final class Target {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory.")
    Path data;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "A daemon's metrics.")
    String metrics;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--json", description = "One JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs status", 7);
  }
}
