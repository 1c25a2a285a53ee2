package dev.smfs.transport.session;

import dev.smfs.transport.codec.MalformedReason;
import dev.smfs.transport.fec.FecParams;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Transport meters, shared by all sessions of the endpoints given the same instance. Names (as
 * exported to Prometheus):
 *
 * <ul>
 *   <li>{@code smfs_transport_packets_sent_total} — DATA first transmissions
 *   <li>{@code smfs_transport_packets_received_total} — DATA received (duplicates included)
 *   <li>{@code smfs_transport_repairs_sent_total} — REPAIR packets handed to the socket
 *   <li>{@code smfs_transport_fec_recovered_total} — DATA packets rebuilt by FEC
 *   <li>{@code smfs_transport_retransmitted_total} — DATA retransmissions
 *   <li>{@code smfs_transport_naks_total} — NAK ranges sent
 *   <li>{@code smfs_transport_malformed_dropped_total{reason}} — datagrams dropped, by reason
 *   <li>{@code smfs_transport_rtt_seconds} — heartbeat round-trip times
 *   <li>{@code smfs_transport_bytes_delivered_total} — payload bytes delivered in order
 *   <li>{@code smfs_transport_observed_loss_ratio} — share of the DATA packets received that were
 *       missing on first arrival, over a recent window ({@link LossWindow}); NaN until known
 *   <li>{@code smfs_transport_fec_config{r,c,interleaves}} — 1, tagged with the FEC parameters of
 *       each session the endpoint has had (interleaves joined by '-', e.g. {@code 1-10-100})
 *   <li>{@code smfs_transport_flight_limit_packets} — DATA packets the live sessions may keep
 *       unacknowledged now, summed ({@link FlightLimit})
 *   <li>{@code smfs_transport_flight_ceiling_packets} — the most they may ever keep, summed: what
 *       their peers' receive sockets hold (at least 4096 each), at most their windows
 * </ul>
 *
 * <p>These literals equal the {@code TRANSPORT_*} constants of {@code
 * dev.smfs.server.metrics.MetricNames} (smfs-server, which this module cannot see); {@code
 * MetricNamesTest} there fails if they drift.
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class TransportMetrics {
  private final Counter packetsSent;
  private final Counter packetsReceived;
  private final Counter repairsSent;
  private final Counter fecRecovered;
  private final Counter retransmitted;
  private final Counter naks;
  private final Counter bytesDelivered;
  private final Timer rtt;
  private final Map<MalformedReason, Counter> malformed = new EnumMap<>(MalformedReason.class);
  private final LossWindow loss = new LossWindow();
  private final Map<FecParams, FecConfigSeries> fecConfigs = new java.util.HashMap<>();
  private final java.util.Set<FlightLimit> flights =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final MeterRegistry registry;

  public TransportMetrics(MeterRegistry registry) {
    this.registry = registry;
    packetsSent = registry.counter("smfs_transport_packets_sent");
    packetsReceived = registry.counter("smfs_transport_packets_received");
    repairsSent = registry.counter("smfs_transport_repairs_sent");
    fecRecovered = registry.counter("smfs_transport_fec_recovered");
    retransmitted = registry.counter("smfs_transport_retransmitted");
    naks = registry.counter("smfs_transport_naks");
    bytesDelivered = registry.counter("smfs_transport_bytes_delivered");
    rtt = registry.timer("smfs_transport_rtt");
    for (MalformedReason r : MalformedReason.values()) {
      malformed.put(r, registry.counter("smfs_transport_malformed_dropped", "reason", r.tag()));
    }
    Gauge.builder("smfs_transport_observed_loss_ratio", loss, LossWindow::ratio)
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "smfs_transport_flight_limit_packets",
            flights,
            fs -> fs.stream().mapToLong(FlightLimit::limit).sum())
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "smfs_transport_flight_ceiling_packets",
            flights,
            fs -> fs.stream().mapToLong(FlightLimit::ceiling).sum())
        .strongReference(true)
        .register(registry);
  }

  /** A session's flight limit joins the flight gauges until {@link #unregisterFlight}. */
  void registerFlight(FlightLimit flight) {
    flights.add(flight);
  }

  void unregisterFlight(FlightLimit flight) {
    flights.remove(flight);
  }

  /**
   * Registers the FEC parameters of a session as {@code smfs_transport_fec_config}, one series per
   * distinct parameter set in use: sessions with the same parameters share it, and it goes away
   * with the last of them ({@link #unregisterFecConfig}), so a scrape shows what runs now.
   */
  void registerFecConfig(FecParams fec) {
    synchronized (fecConfigs) {
      FecConfigSeries s = fecConfigs.get(fec);
      if (s == null) {
        StringJoiner il = new StringJoiner("-");
        for (int i : fec.interleaves()) {
          il.add(Integer.toString(i));
        }
        Gauge g =
            Gauge.builder("smfs_transport_fec_config", () -> 1)
                .tag("r", Integer.toString(fec.r()))
                .tag("c", Integer.toString(fec.c()))
                .tag("interleaves", il.toString())
                .register(registry);
        s = new FecConfigSeries(g);
        fecConfigs.put(fec, s);
      }
      s.sessions++;
    }
  }

  /** A session with {@code fec} ended: drops its series if no other session uses those values. */
  void unregisterFecConfig(FecParams fec) {
    synchronized (fecConfigs) {
      FecConfigSeries s = fecConfigs.get(fec);
      if (s != null && --s.sessions == 0) {
        fecConfigs.remove(fec);
        registry.remove(s.gauge);
      }
    }
  }

  /** Sessions sharing one parameter set's gauge. */
  private static final class FecConfigSeries {
    final Gauge gauge;
    int sessions; // guarded by fecConfigs

    FecConfigSeries(Gauge gauge) {
      this.gauge = gauge;
    }
  }

  /** {@code packets} DATA packets were missing on first arrival (rebuilt or NAKed). */
  void countLost(long packets) {
    loss.lost(packets);
  }

  /** {@code packets} DATA packets were delivered in order. */
  void countDeliveredPackets(long packets) {
    loss.delivered(packets);
  }

  /** The observed loss ratio (see {@link LossWindow}); NaN while unknown. */
  public double observedLoss() {
    return loss.ratio();
  }

  /** Metrics on a private {@link SimpleMeterRegistry} (tests, embedded use). */
  public static TransportMetrics unregistered() {
    return new TransportMetrics(new SimpleMeterRegistry());
  }

  /** The registry these meters live in (other transport layers register theirs there too). */
  public MeterRegistry registry() {
    return registry;
  }

  void countPacketSent() {
    packetsSent.increment();
  }

  void countPacketReceived() {
    packetsReceived.increment();
  }

  void countRepairSent() {
    repairsSent.increment();
  }

  void countRecovered() {
    fecRecovered.increment();
  }

  void countRetransmit() {
    retransmitted.increment();
  }

  void countNak() {
    naks.increment();
  }

  void countDelivered(int bytes) {
    bytesDelivered.increment(bytes);
  }

  void recordRtt(long nanos) {
    rtt.record(nanos, TimeUnit.NANOSECONDS);
  }

  void countMalformed(MalformedReason reason) {
    malformed.get(reason).increment();
  }

  public double packetsSent() {
    return packetsSent.count();
  }

  public double packetsReceived() {
    return packetsReceived.count();
  }

  public double repairsSent() {
    return repairsSent.count();
  }

  public double fecRecovered() {
    return fecRecovered.count();
  }

  public double retransmitted() {
    return retransmitted.count();
  }

  public double naks() {
    return naks.count();
  }

  public double bytesDelivered() {
    return bytesDelivered.count();
  }

  public double malformedDropped(MalformedReason reason) {
    return malformed.get(reason).count();
  }
}
