package dev.smfs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** {@code smfs bench}: end-to-end measurements; each prints one JSON object on its last line. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the system end to end; --json prints one JSON object on the last line.",
    subcommands = {
      BenchTransportCommand.class,
      BenchWritesCommand.class,
      BenchDisasterCommand.class,
      BenchCatchupCommand.class,
      BenchFuseCommand.class,
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a benchmark name is required");
  }
}
