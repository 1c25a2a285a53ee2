package dev.smfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs bench transport}. */
@Command(name = "transport", mixinStandardHelpOptions = true, description = "Benchmark: transport.")
final class BenchTransportCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs bench transport", 3);
  }
}
