package dev.smfs.server.ship;

import dev.smfs.server.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Meters of one {@link ShippedVolume}, tagged {@code volume=<uuid>}, in the registry of the
 * shipper's {@link dev.smfs.transport.session.TransportMetrics} (the daemon's registry; a private
 * one in tests):
 *
 * <ul>
 *   <li>{@code smfs_ship_records_total}, {@code smfs_ship_bytes_total} — frames handed to the
 *       session (record bytes plus the frame header), re-sends after a reconnect included
 *   <li>{@code smfs_ship_acked_records_total}, {@code smfs_ship_acked_bytes_total} — what DURABLE
 *       messages of the mirror acknowledged; bytes are those shipped on the current session
 *       (records a previous session shipped count as records only)
 *   <li>{@code smfs_mirror_lag_lsn}, {@code smfs_mirror_lag_bytes}, {@code smfs_mirror_lag_seconds}
 *       — gauges read from {@link ShippedVolume#status()} and {@link ShippedVolume#lagSeconds()}
 *       when scraped
 * </ul>
 *
 * <p>Thread-safe (Micrometer meters are). {@link #remove()} takes the meters out of the registry
 * when the shipper closes, so a closed volume does not linger in scrapes.
 */
final class ShipMetrics {
  private final MeterRegistry registry;
  private final Counter records;
  private final Counter bytes;
  private final Counter ackedRecords;
  private final Counter ackedBytes;
  private final List<Meter> meters = new ArrayList<>();

  ShipMetrics(MeterRegistry registry, ShippedVolume volume) {
    this.registry = registry;
    Tags tags = Tags.of("volume", volume.uuid().toString());
    records = add(registry.counter(MetricNames.SHIP_RECORDS, tags));
    bytes = add(registry.counter(MetricNames.SHIP_BYTES, tags));
    ackedRecords = add(registry.counter(MetricNames.SHIP_ACKED_RECORDS, tags));
    ackedBytes = add(registry.counter(MetricNames.SHIP_ACKED_BYTES, tags));
    add(
        Gauge.builder(MetricNames.MIRROR_LAG_LSN, volume, v -> v.status().lagRecords())
            .tags(tags)
            .strongReference(true)
            .register(registry));
    add(
        Gauge.builder(MetricNames.MIRROR_LAG_BYTES, volume, v -> v.status().lagBytes())
            .tags(tags)
            .strongReference(true)
            .register(registry));
    add(
        Gauge.builder(MetricNames.MIRROR_LAG_SECONDS, volume, ShippedVolume::lagSeconds)
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  void shipped(long recordCount, long byteCount) {
    records.increment(recordCount);
    bytes.increment(byteCount);
  }

  void acked(long recordCount, long byteCount) {
    ackedRecords.increment(recordCount);
    ackedBytes.increment(byteCount);
  }

  void remove() {
    for (Meter m : meters) {
      registry.remove(m);
    }
  }
}
