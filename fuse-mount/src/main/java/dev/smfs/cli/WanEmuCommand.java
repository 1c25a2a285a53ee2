package dev.smfs.cli;

import dev.smfs.transport.wan.GilbertElliott;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanEmulator;
import dev.smfs.transport.wan.WanProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code smfs wan-emu}: the user-space WAN emulator (UDP relay with delay and loss). Both
 * directions get the same impairments, drawn from independent seeds ({@code seed} upstream, {@code
 * seed + 1} downstream). Runs until SIGINT/SIGTERM, then prints the counters as one JSON line on
 * stdout.
 */
@Command(
    name = "wan-emu",
    mixinStandardHelpOptions = true,
    description = {
      "Relay UDP between two addresses with delay, jitter, loss and a rate cap.",
      "Datagrams to --listen go to --forward; replies go back to the client last seen (one client).",
      "Runs until interrupted, then prints the per-direction counters as one JSON line."
    })
final class WanEmuCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT")
  String listen;

  @Option(names = "--forward", required = true, paramLabel = "HOST:PORT")
  String forward;

  @Option(names = "--delay-ms", paramLabel = "N", description = "One-way delay (default 0).")
  double delayMs;

  @Option(
      names = "--jitter-ms",
      paramLabel = "N",
      description = "Uniform delay jitter +-N ms (default 0); may reorder packets.")
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

  @Option(
      names = "--queue-bytes",
      paramLabel = "N",
      description = "Bytes held per direction before tail drop (default 16 MiB).")
  long queueBytes = WanProfile.DEFAULT_QUEUE_LIMIT_BYTES;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 1).")
  long seed = 1;

  @Override
  public Integer call() {
    WanConfig config = parseConfig();
    WanEmulator emulator;
    try {
      emulator = WanEmulator.start(config);
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InetSocketAddress bound = emulator.listenAddress();
    err.println(
        "wan-emu: relaying "
            + bound.getHostString()
            + ":"
            + bound.getPort()
            + " -> "
            + forward
            + " (stop with Ctrl-C)");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              emulator.close();
              out.println(emulator.toJson());
              out.flush();
              stopped.countDown();
            },
            "wan-emu-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Smfs.EXIT_OK;
  }

  /** Validates every flag into a config; a bad flag is a usage error (exit 2). */
  WanConfig parseConfig() {
    try {
      InetSocketAddress listenAddress = WanConfig.parseHostPort(listen);
      InetSocketAddress forwardAddress = WanConfig.parseHostPort(forward);
      WanProfile profile =
          new WanProfile(
              delayMs,
              jitterMs,
              loss,
              ge == null ? null : GilbertElliott.parse(ge),
              rateMbit,
              queueBytes,
              seed);
      return WanConfig.symmetric(listenAddress, forwardAddress, profile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
