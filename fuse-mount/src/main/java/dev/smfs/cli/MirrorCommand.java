package dev.smfs.cli;

import dev.smfs.cli.config.ConfigDefaults;
import dev.smfs.cli.ops.DaemonOps;
import dev.smfs.mirror.MirrorConfig;
import dev.smfs.mirror.MirrorServer;
import dev.smfs.mirror.ReplicaStatus;
import dev.smfs.server.status.StatusReport;
import dev.smfs.transport.crypto.SecurityOptions;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.session.TransportMetrics;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.wan.WanConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    description = "Run a mirror server that stores the primaries' logs durably.",
    defaultValueProvider = ConfigDefaults.class)
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

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read options from FILE (keys = long flag names); flags override it.")
  Path config;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Pre-shared AES-256-GCM key file (mode 0600) sealing every datagram.")
  Path key;

  @Option(
      names = "--insecure",
      description = "Accept unauthenticated datagrams (trusted networks only).")
  boolean insecure;

  @Override
  public Integer call() {
    TransportSecurity security;
    try {
      security = SecurityOptions.require(key, insecure);
    } catch (SecurityOptions.SecurityConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (RuntimeException e) {
      throw new CliException(e.getMessage(), e);
    }
    InetSocketAddress address;
    try {
      address = WanConfig.parseHostPort(listen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    DaemonOps ops =
        DaemonOps.start(StatusReport.Role.MIRROR, VersionProvider.version(), data, metrics);
    MirrorServer server;
    try {
      server =
          MirrorServer.start(
              MirrorConfig.of(data, address)
                  .withOptions(
                      security.apply(
                          TransportOptions.defaults()
                              .withMetrics(new TransportMetrics(ops.registry())))));
    } catch (IOException | RuntimeException e) {
      ops.close();
      if (e instanceof IOException) {
        throw new CliException("mirror: " + e.getMessage(), e);
      }
      throw (RuntimeException) e;
    }
    ops.publishStatus(() -> status(server));
    PrintWriter err = spec.commandLine().getErr();
    InetSocketAddress bound = server.address();
    err.println(
        "mirror: listening on "
            + bound.getHostString()
            + ":"
            + bound.getPort()
            + " data="
            + data
            + " security="
            + (insecure ? "INSECURE" : "aes-256-gcm")
            + " replicas="
            + server.status().size()
            + " (stop with Ctrl-C)");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } finally {
                    ops.close();
                    stopped.countDown();
                  }
                },
                "mirror-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Smfs.EXIT_OK;
  }

  /** The status.json of a mirror: one entry per replica (mirror-durable LSN unknown: -1). */
  private static StatusReport status(MirrorServer server) {
    List<StatusReport.VolumeStatus> volumes = new ArrayList<>();
    for (ReplicaStatus r : server.status()) {
      volumes.add(
          new StatusReport.VolumeStatus(
              r.volume().toString(), r.epoch(), r.lastLsn(), r.durableLsn(), -1));
    }
    return StatusReport.now(
        StatusReport.Role.MIRROR, VersionProvider.version(), null, volumes, null, null);
  }
}
