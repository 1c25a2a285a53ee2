package dev.smfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs bench writes}. */
@Command(name = "writes", mixinStandardHelpOptions = true, description = "Benchmark: writes.")
final class BenchWritesCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs bench writes", 6);
  }
}
