package dev.smfs.cli;

import dev.smfs.mirror.MirrorConfig;
import dev.smfs.mirror.MirrorServer;
import dev.smfs.transport.wan.WanConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code smfs mirror}: run the mirror daemon until SIGINT/SIGTERM, then shut down cleanly (stop
 * accepting, make everything received durable, close the replicas, release the data directory).
 */
@Command(
    name = "mirror",
    mixinStandardHelpOptions = true,
    description = "Run a mirror server that stores the primaries' logs durably.")
final class MirrorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    InetSocketAddress address;
    try {
      address = WanConfig.parseHostPort(listen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (metrics != null) {
      throw new CliException("--metrics is not supported by smfs mirror yet");
    }
    MirrorServer server;
    try {
      server = MirrorServer.start(MirrorConfig.of(data, address));
    } catch (IOException e) {
      throw new CliException("mirror: " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    InetSocketAddress bound = server.address();
    err.println(
        "mirror: listening on "
            + bound.getHostString()
            + ":"
            + bound.getPort()
            + " data="
            + data
            + " replicas="
            + server.status().size()
            + " (stop with Ctrl-C)");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "mirror-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Smfs.EXIT_OK;
  }
}
