package dev.smfs.cli.ops;

import dev.smfs.cli.CliException;
import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.metrics.MetricsServer;
import dev.smfs.server.metrics.MetricsServerException;
import dev.smfs.server.status.StatusPublisher;
import dev.smfs.server.status.StatusReport;
import dev.smfs.server.status.StatusReport.Role;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A daemon's operations side: one {@link PrometheusMeterRegistry} for all its components (served at
 * {@code /metrics} when {@code --metrics} was given) and, once {@link #publishStatus} is called,
 * {@code DATA/status.json} rewritten every second. Use:
 *
 * <pre>
 * try (DaemonOps ops = DaemonOps.start(Role.MIRROR, VersionProvider.version(), data, metrics)) {
 *   MirrorServer server = MirrorServer.start(config, ops.registry());
 *   ops.publishStatus(() -&gt; ...StatusReport.now(Role.MIRROR, ...)...);
 *   ...run until stopped...
 * }
 * </pre>
 *
 * <p>{@link #close()} stops the endpoint and deletes the status file. Thread-safe for {@link
 * #registry()}; start, publish and close belong to the command's thread.
 */
public final class DaemonOps implements AutoCloseable {
  private final Role role;
  private final Path dataDir;
  private final PrometheusMeterRegistry registry;
  private final MetricsServer server;
  private StatusPublisher publisher;

  private DaemonOps(Role role, Path dataDir, PrometheusMeterRegistry r, MetricsServer server) {
    this.role = role;
    this.dataDir = dataDir;
    this.registry = r;
    this.server = server;
  }

  /**
   * Creates the registry and, when {@code metricsAddress} is not null, serves it.
   *
   * @param metricsAddress the {@code --metrics HOST:PORT} text, or null
   * @throws CliException (usage, exit 2) for a malformed address; (exit 1) when it cannot be bound
   */
  public static DaemonOps start(Role role, String version, Path dataDir, String metricsAddress) {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry(role.tag(), version);
    MetricsServer server = null;
    if (metricsAddress != null) {
      HostPort address;
      try {
        address = HostPort.parse(metricsAddress);
      } catch (IllegalArgumentException e) {
        throw new CliException("--metrics: " + e.getMessage(), 2);
      }
      try {
        server = MetricsServer.start(address, registry);
      } catch (MetricsServerException e) {
        throw new CliException(e.getMessage());
      }
    }
    return new DaemonOps(role, dataDir, registry, server);
  }

  public Role role() {
    return role;
  }

  /** The registry every component of this daemon registers its meters in. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Where {@code /metrics} is served (the real port when 0 was asked for), if it is. */
  public Optional<HostPort> metricsAddress() {
    return server == null ? Optional.empty() : Optional.of(server.address());
  }

  /**
   * Starts rewriting {@code DATA/status.json} every second from {@code status} (called on the
   * publisher's thread; must be cheap and thread-safe). At most once.
   */
  public void publishStatus(Supplier<StatusReport> status) {
    if (publisher != null) {
      throw new IllegalStateException("status already published: dir=" + dataDir);
    }
    publisher = StatusPublisher.start(dataDir, status, StatusPublisher.DEFAULT_PERIOD_MILLIS);
  }

  @Override
  public void close() {
    try {
      if (publisher != null) {
        publisher.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      registry.close();
    }
  }
}
