package dev.smfs.server.log;

import dev.smfs.server.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Log meters, one instance per log (tag them, e.g. with the volume name, when several logs share a
 * registry). Names are constants of {@link MetricNames}; as exported to Prometheus:
 *
 * <ul>
 *   <li>{@code smfs_log_appends_total} — records appended
 *   <li>{@code smfs_log_appended_bytes_total} — whole record bytes appended
 *   <li>{@code smfs_log_fsyncs_total} — group-commit syncs of the head segment
 *   <li>{@code smfs_log_fsync_seconds} — duration of those syncs
 *   <li>{@code smfs_log_commit_group_records} — records made durable by one sync
 *   <li>{@code smfs_log_segment_rolls_total} — segments sealed and started
 *   <li>{@code smfs_log_recovery_cut_bytes_total} — torn-tail bytes cut when opening
 *   <li>{@code smfs_log_last_lsn}, {@code smfs_log_durable_lsn}, {@code smfs_log_size_bytes} —
 *       gauges of the open log
 * </ul>
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class LogMetrics {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter appends;
  private final Counter appendedBytes;
  private final Counter fsyncs;
  private final Timer fsyncTime;
  private final DistributionSummary groupRecords;
  private final Counter rolls;
  private final Counter recoveryCutBytes;
  private final List<Gauge> gauges = new ArrayList<>(); // guarded by this

  public LogMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    appends = registry.counter(MetricNames.LOG_APPENDS, tags);
    appendedBytes = registry.counter(MetricNames.LOG_APPENDED_BYTES, tags);
    fsyncs = registry.counter(MetricNames.LOG_FSYNCS, tags);
    fsyncTime = registry.timer(MetricNames.LOG_FSYNC, tags);
    groupRecords = registry.summary(MetricNames.LOG_COMMIT_GROUP_RECORDS, tags);
    rolls = registry.counter(MetricNames.LOG_SEGMENT_ROLLS, tags);
    recoveryCutBytes = registry.counter(MetricNames.LOG_RECOVERY_CUT_BYTES, tags);
  }

  public LogMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Meters that go nowhere (an empty composite registry), for tests and embedded use. */
  public static LogMetrics noop() {
    return new LogMetrics(new CompositeMeterRegistry());
  }

  /** Registers the gauges of an open log; a reopened log on the same registry replaces them. */
  synchronized void bindGauges(Log log) {
    unbindGauges();
    gauges.add(
        Gauge.builder(MetricNames.LOG_LAST_LSN, log, Log::lastLsn).tags(tags).register(registry));
    gauges.add(
        Gauge.builder(MetricNames.LOG_DURABLE_LSN, log, Log::durableLsn)
            .tags(tags)
            .register(registry));
    gauges.add(
        Gauge.builder(MetricNames.LOG_SIZE_BYTES, log, Log::sizeOnDisk)
            .tags(tags)
            .register(registry));
  }

  /** Removes the gauges of a log being closed. */
  synchronized void unbindGauges() {
    for (Gauge g : gauges) {
      registry.remove(g);
    }
    gauges.clear();
  }

  void appended(int recordBytes) {
    appends.increment();
    appendedBytes.increment(recordBytes);
  }

  void synced(long nanos, long records) {
    fsyncs.increment();
    fsyncTime.record(nanos, TimeUnit.NANOSECONDS);
    if (records > 0) {
      groupRecords.record(records);
    }
  }

  void rolled() {
    rolls.increment();
  }

  void recovered(RecoveryReport report) {
    recoveryCutBytes.increment(report.cutBytes());
  }
}
