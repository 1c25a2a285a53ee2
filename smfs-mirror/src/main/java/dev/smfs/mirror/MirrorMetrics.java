package dev.smfs.mirror;

import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirror daemon's own meters, per replica volume (tag {@code volume=<uuid>}), in the registry
 * of the server's {@link dev.smfs.transport.session.TransportMetrics} (the daemon's registry):
 *
 * <ul>
 *   <li>{@code smfs_mirror_records_received_total} — records received and appended to the replica
 *       log (duplicates re-sent after a reconnect are not counted)
 *   <li>{@code smfs_mirror_acks_sent_total} — DURABLE messages handed to the primary's session
 *   <li>{@code smfs_log_*} of each replica's log ({@link #log}), tagged like the rest
 *   <li>untagged: {@code smfs_mirror_ingest_queue_bytes} and {@code
 *       smfs_mirror_ingest_blocked_seconds_total} of the {@link IngestThread}
 * </ul>
 *
 * <p>Thread-safe. {@link #of} is a map lookup: callers on the event loop keep the {@link Volume}
 * they got at attach time instead of looking it up per frame.
 */
final class MirrorMetrics {
  private final MeterRegistry registry;
  private final Map<UUID, Volume> volumes = new ConcurrentHashMap<>();

  /** Counters of one replica. */
  static final class Volume {
    private final Counter received;
    private final Counter acks;

    private Volume(MeterRegistry registry, UUID uuid) {
      Tags tags = Tags.of("volume", uuid.toString());
      received = registry.counter(MetricNames.MIRROR_RECORDS_RECEIVED, tags);
      acks = registry.counter(MetricNames.MIRROR_ACKS_SENT, tags);
    }

    void received() {
      received.increment();
    }

    void ackSent() {
      acks.increment();
    }
  }

  MirrorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The ingest queue's gauge and blocked-time counter (untagged: one queue per daemon). */
  void registerIngest(IngestThread ingest) {
    Gauge.builder(MetricNames.MIRROR_INGEST_QUEUE_BYTES, ingest, IngestThread::queuedBytes)
        .register(registry);
    FunctionCounter.builder(
            MetricNames.MIRROR_INGEST_BLOCKED_SECONDS, ingest, i -> i.blockedNanos() / 1e9)
        .register(registry);
  }

  /** Meters for the log of replica {@code volume}, tagged with it. */
  LogMetrics log(UUID volume) {
    return new LogMetrics(registry, Tags.of("volume", volume.toString()));
  }

  /** The counters of {@code volume}, registered on first use. */
  Volume of(UUID volume) {
    return volumes.computeIfAbsent(volume, v -> new Volume(registry, v));
  }
}
