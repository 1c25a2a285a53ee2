package dev.smfs.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(MetricsServer server, String path)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://" + server.address() + path);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesRegisteredMetersInPrometheusFormat() throws Exception {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("mirror", "1.2.3");
    registry.counter(MetricNames.TRANSPORT_NAKS).increment(3);
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      HttpResponse<String> resp = get(server, "/metrics");
      assertEquals(200, resp.statusCode());
      assertTrue(resp.headers().firstValue("Content-Type").get().startsWith("text/plain"));
      assertTrue(resp.body().contains("smfs_transport_naks_total 3.0"), resp.body());
      assertTrue(
          resp.body().contains("smfs_daemon_up{role=\"mirror\",version=\"1.2.3\"} 1.0"),
          resp.body());
    }
  }

  @Test
  void otherPathsAnswer404() throws Exception {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("primary", "x");
    try (MetricsServer server = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      assertEquals(404, get(server, "/").statusCode());
    }
  }

  @Test
  void addressInUseFailsNamingTheAddress() {
    PrometheusMeterRegistry registry = MetricsServer.newDaemonRegistry("primary", "x");
    try (MetricsServer first = MetricsServer.start(new HostPort("127.0.0.1", 0), registry)) {
      MetricsServerException e =
          assertThrows(
              MetricsServerException.class,
              () -> MetricsServer.start(first.address(), registry).close());
      assertTrue(e.getMessage().contains("address=" + first.address()), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
  }

  @Test
  void hostPortParsesAndRejectsMalformedText() {
    assertEquals(new HostPort("127.0.0.1", 9100), HostPort.parse("127.0.0.1:9100"));
    assertEquals(new HostPort("::1", 9100), HostPort.parse("[::1]:9100"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:x"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:70000"));
  }
}
