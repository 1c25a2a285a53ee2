package dev.smfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs bench disaster}. */
@Command(name = "disaster", mixinStandardHelpOptions = true, description = "Benchmark: disaster.")
final class BenchDisasterCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs bench disaster", 6);
  }
}
