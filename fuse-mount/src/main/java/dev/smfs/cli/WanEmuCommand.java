package dev.smfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs wan-emu}: the user-space WAN emulator (UDP relay with delay and loss). */
@Command(
    name = "wan-emu",
    mixinStandardHelpOptions = true,
    description = "Relay UDP between two addresses with delay, jitter, loss and a rate cap.")
final class WanEmuCommand implements Callable<Integer> {
  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT")
  String listen;

  @Option(names = "--forward", required = true, paramLabel = "HOST:PORT")
  String forward;

  @Option(names = "--delay-ms", paramLabel = "N", description = "One-way delay (default 0).")
  double delayMs;

  @Option(names = "--jitter-ms", paramLabel = "N", description = "Delay jitter (default 0).")
  double jitterMs;

  @Option(names = "--loss", paramLabel = "P", description = "Bernoulli loss rate in [0,1].")
  double loss;

  @Option(
      names = "--ge",
      paramLabel = "P_GB,P_BG,P_LOSS_BAD",
      description = "Gilbert-Elliott burst loss parameters.")
  String ge;

  @Option(names = "--rate-mbit", paramLabel = "N", description = "Rate cap (default none).")
  Double rateMbit;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 1).")
  long seed = 1;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs wan-emu", 3);
  }
}
