package dev.smfs.cli.status;

import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.status.RedundancyModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrapes a daemon's {@code /metrics} and summarises it for {@code smfs status --metrics}. Series a
 * daemon does not export (not wired yet, or not relevant to its role) come out as null.
 *
 * <p>Observed loss: the {@link MetricNames#TRANSPORT_OBSERVED_LOSS} gauge when exported and known
 * (not NaN); else, on a receiver, the share of DATA packets FEC had to rebuild, {@code recovered /
 * (received + recovered)}, which is a lower bound (packets retransmitted after a NAK are not in
 * it).
 */
public final class MetricsScrape {
  private MetricsScrape() {}

  /**
   * Fetches {@code http://ADDRESS/metrics}.
   *
   * @throws IllegalStateException naming the address when it cannot be fetched
   */
  public static String fetch(HostPort address, Duration timeout) {
    URI uri = URI.create("http://" + address + "/metrics");
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException(
            "metrics endpoint answered " + resp.statusCode() + ": url=" + uri);
      }
      return resp.body();
    } catch (IOException e) {
      throw new IllegalStateException(
          "metrics endpoint unreachable: url=" + uri + " error=" + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scraping: url=" + uri, e);
    }
  }

  /**
   * Facts in display order (values: String, Number, null, List, Map) from a scrape's text.
   *
   * @throws IllegalArgumentException naming the line when the text is not Prometheus format
   */
  public static Map<String, Object> summarise(String address, String text) {
    return summarise(address, PromText.parse(text));
  }

  static Map<String, Object> summarise(String address, List<PromSample> samples) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", "metrics");
    out.put("address", address);
    PromSample up = first(samples, MetricNames.DAEMON_UP);
    out.put("role", up == null ? null : up.labels().get("role"));
    out.put("version", up == null ? null : up.labels().get("version"));
    String state = null;
    for (PromSample s : samples) {
      if (s.name().equals(MetricNames.MIRROR_STATE) && s.value() == 1.0) {
        state = s.labels().get("state");
      }
    }
    Map<String, Object> mirror = new LinkedHashMap<>();
    mirror.put("state", state);
    mirror.put("lag_lsn", sum(samples, MetricNames.MIRROR_LAG_LSN));
    mirror.put("lag_bytes", sum(samples, MetricNames.MIRROR_LAG_BYTES));
    mirror.put("lag_seconds", max(samples, MetricNames.MIRROR_LAG_SECONDS));
    out.put("mirror", mirror);

    Map<String, Object> log = new LinkedHashMap<>();
    log.put("last_lsn", sum(samples, MetricNames.LOG_LAST_LSN));
    log.put("durable_lsn", sum(samples, MetricNames.LOG_DURABLE_LSN));
    log.put("size_bytes", sum(samples, MetricNames.LOG_SIZE_BYTES));
    log.put("appended_bytes", sum(samples, MetricNames.LOG_APPENDED_BYTES + "_total"));
    out.put("log", log);

    Map<String, Object> transport = new LinkedHashMap<>();
    String[] counters = {
      MetricNames.TRANSPORT_PACKETS_SENT,
      MetricNames.TRANSPORT_PACKETS_RECEIVED,
      MetricNames.TRANSPORT_REPAIRS_SENT,
      MetricNames.TRANSPORT_FEC_RECOVERED,
      MetricNames.TRANSPORT_RETRANSMITTED,
      MetricNames.TRANSPORT_NAKS,
      MetricNames.TRANSPORT_MALFORMED_DROPPED,
      MetricNames.TRANSPORT_BYTES_DELIVERED
    };
    for (String c : counters) {
      transport.put(c.substring("smfs_transport_".length()), sum(samples, c + "_total"));
    }
    Double rttSum = sum(samples, MetricNames.TRANSPORT_RTT + "_seconds_sum");
    Double rttCount = sum(samples, MetricNames.TRANSPORT_RTT + "_seconds_count");
    transport.put(
        "rtt_mean_ms",
        rttSum == null || rttCount == null || rttCount == 0 ? null : 1000 * rttSum / rttCount);
    out.put("transport", transport);

    Map<String, Object> fec = new LinkedHashMap<>();
    PromSample config = first(samples, MetricNames.TRANSPORT_FEC_CONFIG);
    Integer r = config == null ? null : Integer.valueOf(config.labels().get("r"));
    Integer c = config == null ? null : Integer.valueOf(config.labels().get("c"));
    fec.put("r", r);
    fec.put("c", c);
    fec.put("interleaves", config == null ? null : config.labels().get("interleaves"));
    Double loss = sum(samples, MetricNames.TRANSPORT_OBSERVED_LOSS);
    if (loss != null && loss.isNaN()) {
      loss = null; // the receiver has not seen enough packets yet
    }
    String lossSource = loss == null ? null : "receiver report";
    Double received = (Double) transport.get("packets_received");
    Double recovered = (Double) transport.get("fec_recovered");
    if (loss == null && received != null && recovered != null && received + recovered > 0) {
      loss = recovered / (received + recovered);
      lossSource = "fec-recovered share (lower bound)";
    }
    fec.put("observed_loss", loss);
    fec.put("observed_loss_source", lossSource);
    fec.put(
        "in_flight_packet_loss_probability",
        loss == null || r == null || c == null
            ? null
            : RedundancyModel.packetLossProbability(r, c, loss));
    out.put("fec", fec);
    return out;
  }

  private static PromSample first(List<PromSample> samples, String name) {
    for (PromSample s : samples) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Sum over all label sets, null when the series is absent. */
  private static Double sum(List<PromSample> samples, String name) {
    List<Double> values = new ArrayList<>();
    for (PromSample s : samples) {
      if (s.name().equals(name)) {
        values.add(s.value());
      }
    }
    return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).sum();
  }

  private static Double max(List<PromSample> samples, String name) {
    Double best = null;
    for (PromSample s : samples) {
      if (s.name().equals(name) && (best == null || s.value() > best)) {
        best = s.value();
      }
    }
    return best;
  }
}
