package dev.smfs.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link PrometheusMeterRegistry} in the Prometheus text format at {@code GET /metrics}
 * with the JDK's {@link HttpServer}; every other path answers 404.
 *
 * <p>One daemon thread answers scrapes; a scrape reads meters that other threads update, which
 * Micrometer allows. {@link #close()} stops the listener and the thread.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;

  private MetricsServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry r) {
    this.server = server;
    this.executor = executor;
    this.registry = r;
  }

  /**
   * A registry for a daemon, with {@link MetricNames#DAEMON_UP} registered.
   *
   * @param role "primary" or "mirror"
   * @param version the build's version string
   */
  public static PrometheusMeterRegistry newDaemonRegistry(String role, String version) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder(MetricNames.DAEMON_UP, () -> 1)
        .tag("role", role)
        .tag("version", version)
        .register(registry);
    return registry;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @throws MetricsServerException when the address is in use or cannot be bound, naming it
   */
  public static MetricsServer start(HostPort address, PrometheusMeterRegistry registry) {
    InetSocketAddress socket = address.toSocketAddress();
    if (socket.isUnresolved()) {
      throw new MetricsServerException("metrics host does not resolve: address=" + address);
    }
    HttpServer server;
    try {
      server = HttpServer.create(socket, 16);
    } catch (BindException e) {
      throw new MetricsServerException(
          "metrics address in use or not local: address=" + address + " error=" + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new MetricsServerException(
          "metrics address cannot be bound: address=" + address + " error=" + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "smfs-metrics");
              t.setDaemon(true);
              return t;
            });
    MetricsServer ms = new MetricsServer(server, executor, registry);
    server.createContext("/", ms::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("metrics serving address={} path=/metrics", ms.address());
    return ms;
  }

  /** The bound address (the real port when 0 was asked for). */
  public HostPort address() {
    InetSocketAddress a = server.getAddress();
    return new HostPort(a.getAddress().getHostAddress(), a.getPort());
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"/metrics".equals(path)) {
        sendPlain(exchange, 404, "not found: path=" + path + "; metrics are at /metrics\n");
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        sendPlain(
            exchange, 405, "method not allowed: method=" + exchange.getRequestMethod() + "\n");
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static void sendPlain(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops listening (in-flight scrapes get up to one second) and ends the serving thread. */
  @Override
  public void close() {
    try {
      server.stop(1);
    } finally {
      executor.shutdown();
      try {
        executor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
