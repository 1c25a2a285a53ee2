package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs promote}: turn a stopped mirror's data directory into a primary's. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = "Turn a stopped mirror's data directory into a primary's (fail over).")
final class PromoteCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs promote", 6);
  }
}
