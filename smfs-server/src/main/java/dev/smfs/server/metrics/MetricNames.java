package dev.smfs.server.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric name SMFS registers, in one place. A constant holds the name a component passes to
 * Micrometer; Prometheus exports it with the suffix of its {@link Kind} ({@code _total} for
 * counters, {@code _seconds} plus {@code _count/_sum/_max/_bucket} for timers...), see {@link
 * Metric#exportedName()}. {@code docs/metrics.md} documents the same list for operators.
 *
 * <p>{@code dev.smfs.transport.session.TransportMetrics} lives in fec-transport, which cannot see
 * this class; its literal names equal the {@code TRANSPORT_*} constants here, and {@code
 * MetricNamesTest} fails if they drift.
 */
public final class MetricNames {
  private MetricNames() {}

  /** What kind of meter, which decides the exported suffixes. */
  public enum Kind {
    COUNTER,
    GAUGE,
    TIMER,
    SUMMARY
  }

  /**
   * Whether a component registers the metric in this build. Every metric is wired: a name is added
   * here together with the component that registers it ({@code MetricsScrapeIT} in fuse-mount
   * scrapes a running primary and mirror for every one).
   */
  public enum Status {
    WIRED
  }

  /**
   * One metric family.
   *
   * @param name name passed to Micrometer, starting with {@code smfs_}
   * @param kind meter kind
   * @param tags tag keys, possibly empty
   * @param doc one line for operators
   * @param status always {@link Status#WIRED}
   */
  public record Metric(String name, Kind kind, List<String> tags, String doc, Status status) {
    public Metric {
      if (name == null || !name.matches("smfs_[a-z0-9_]+")) {
        throw new IllegalArgumentException("metric name must match smfs_[a-z0-9_]+: name=" + name);
      }
      if (doc == null || doc.isBlank()) {
        throw new IllegalArgumentException("metric needs a doc line: name=" + name);
      }
      tags = List.copyOf(tags);
    }

    /** Base name in the Prometheus exposition. */
    public String exportedName() {
      return switch (kind) {
        case COUNTER -> name + "_total";
        case TIMER -> name + "_seconds";
        case GAUGE, SUMMARY -> name;
      };
    }

    /** Every series name Prometheus may show for this metric. */
    public List<String> exportedSeries() {
      String base = exportedName();
      return switch (kind) {
        case COUNTER, GAUGE -> List.of(base);
        case TIMER, SUMMARY ->
            List.of(base, base + "_count", base + "_sum", base + "_max", base + "_bucket");
      };
    }
  }

  private static final Map<String, Metric> ALL = new LinkedHashMap<>();

  private static String def(String name, Kind kind, String doc, Status status, String... tags) {
    Metric m = new Metric(name, kind, List.of(tags), doc, status);
    if (ALL.putIfAbsent(name, m) != null) {
      throw new IllegalStateException("metric defined twice: name=" + name);
    }
    return name;
  }

  private static final Status W = Status.WIRED;

  // ---- log (dev.smfs.server.log.LogMetrics), tags chosen by the owner (e.g. volume) ----
  public static final String LOG_APPENDS =
      def("smfs_log_appends", Kind.COUNTER, "Records appended to the local log.", W);
  public static final String LOG_APPENDED_BYTES =
      def("smfs_log_appended_bytes", Kind.COUNTER, "Whole record bytes appended to the log.", W);
  public static final String LOG_FSYNCS =
      def("smfs_log_fsyncs", Kind.COUNTER, "Group-commit syncs of the head segment.", W);
  public static final String LOG_FSYNC =
      def("smfs_log_fsync", Kind.TIMER, "Duration of one group-commit sync.", W);
  public static final String LOG_COMMIT_GROUP_RECORDS =
      def(
          "smfs_log_commit_group_records",
          Kind.SUMMARY,
          "Records made durable by one group-commit sync.",
          W);
  public static final String LOG_SEGMENT_ROLLS =
      def("smfs_log_segment_rolls", Kind.COUNTER, "Segments sealed and new ones started.", W);
  public static final String LOG_RECOVERY_CUT_BYTES =
      def(
          "smfs_log_recovery_cut_bytes",
          Kind.COUNTER,
          "Torn-tail bytes cut when the log was opened.",
          W);
  public static final String LOG_LAST_LSN =
      def("smfs_log_last_lsn", Kind.GAUGE, "LSN of the last appended record.", W);
  public static final String LOG_DURABLE_LSN =
      def("smfs_log_durable_lsn", Kind.GAUGE, "Highest LSN durable on local disk.", W);
  public static final String LOG_SIZE_BYTES =
      def("smfs_log_size_bytes", Kind.GAUGE, "Bytes of all segment files of the log.", W);

  // ---- write path (volume + safety gate) ----
  public static final String WRITE_LATENCY =
      def(
          "smfs_write_latency",
          Kind.TIMER,
          "FUSE write()/fsync() latency until the safety gate releases it, by safety level and"
              + " operation (write, fsync).",
          W,
          "level",
          "op");

  // ---- shipper (primary) ----
  public static final String SHIP_RECORDS =
      def("smfs_ship_records", Kind.COUNTER, "Log records handed to the transport.", W, "volume");
  public static final String SHIP_BYTES =
      def(
          "smfs_ship_bytes",
          Kind.COUNTER,
          "Log record bytes handed to the transport.",
          W,
          "volume");
  public static final String SHIP_ACKED_RECORDS =
      def(
          "smfs_ship_acked_records",
          Kind.COUNTER,
          "Records the mirror acknowledged as durable.",
          W,
          "volume");
  public static final String SHIP_ACKED_BYTES =
      def(
          "smfs_ship_acked_bytes",
          Kind.COUNTER,
          "Record bytes the mirror acknowledged as durable.",
          W,
          "volume");

  // ---- mirror link as seen by the primary ----
  public static final String MIRROR_LAG_LSN =
      def(
          "smfs_mirror_lag_lsn",
          Kind.GAUGE,
          "Last appended LSN minus the mirror's durable LSN.",
          W,
          "volume");
  public static final String MIRROR_LAG_BYTES =
      def(
          "smfs_mirror_lag_bytes",
          Kind.GAUGE,
          "Log bytes appended but not yet durable on the mirror.",
          W,
          "volume");
  public static final String MIRROR_LAG_SECONDS =
      def(
          "smfs_mirror_lag_seconds",
          Kind.GAUGE,
          "Age of the oldest record not yet durable on the mirror.",
          W,
          "volume");
  public static final String MIRROR_STATE =
      def(
          "smfs_mirror_state",
          Kind.GAUGE,
          "1 for the current mirror link state, 0 for the others (connecting, connected,"
              + " catching-up, degraded).",
          W,
          "state");

  // ---- mirror daemon ----
  public static final String MIRROR_RECORDS_RECEIVED =
      def(
          "smfs_mirror_records_received",
          Kind.COUNTER,
          "Records received from primaries and appended to the mirror log.",
          W,
          "volume");
  public static final String MIRROR_ACKS_SENT =
      def(
          "smfs_mirror_acks_sent",
          Kind.COUNTER,
          "Durable-LSN acknowledgements sent to primaries.",
          W,
          "volume");
  public static final String MIRROR_INGEST_QUEUE_BYTES =
      def(
          "smfs_mirror_ingest_queue_bytes",
          Kind.GAUGE,
          "Received payload waiting for the ingest thread (replica appends).",
          W);
  public static final String MIRROR_INGEST_BLOCKED_SECONDS =
      def(
          "smfs_mirror_ingest_blocked_seconds",
          Kind.COUNTER,
          "Time the transport's event loop waited for room in the full ingest queue.",
          W);

  // ---- transport (dev.smfs.transport.session.TransportMetrics; literal names there) ----
  public static final String TRANSPORT_PACKETS_SENT =
      def("smfs_transport_packets_sent", Kind.COUNTER, "DATA first transmissions.", W);
  public static final String TRANSPORT_PACKETS_RECEIVED =
      def(
          "smfs_transport_packets_received",
          Kind.COUNTER,
          "DATA packets received, duplicates included.",
          W);
  public static final String TRANSPORT_REPAIRS_SENT =
      def("smfs_transport_repairs_sent", Kind.COUNTER, "REPAIR packets handed to the socket.", W);
  public static final String TRANSPORT_FEC_RECOVERED =
      def("smfs_transport_fec_recovered", Kind.COUNTER, "DATA packets rebuilt by FEC.", W);
  public static final String TRANSPORT_RETRANSMITTED =
      def("smfs_transport_retransmitted", Kind.COUNTER, "DATA retransmissions (after NAKs).", W);
  public static final String TRANSPORT_NAKS =
      def("smfs_transport_naks", Kind.COUNTER, "NAK ranges sent by the receiver.", W);
  public static final String TRANSPORT_MALFORMED_DROPPED =
      def(
          "smfs_transport_malformed_dropped",
          Kind.COUNTER,
          "Datagrams dropped as malformed, by reason.",
          W,
          "reason");
  public static final String TRANSPORT_RTT =
      def("smfs_transport_rtt", Kind.TIMER, "Heartbeat round-trip times.", W);
  public static final String TRANSPORT_BYTES_DELIVERED =
      def(
          "smfs_transport_bytes_delivered",
          Kind.COUNTER,
          "Payload bytes delivered in order; goodput = rate() of this counter.",
          W);
  public static final String TRANSPORT_OBSERVED_LOSS =
      def(
          "smfs_transport_observed_loss_ratio",
          Kind.GAUGE,
          "Fraction of the DATA packets this endpoint received that were missing on first arrival"
              + " (rebuilt by FEC or NAKed) over the last ~10,000; NaN before 100 packets.",
          W);

  public static final String TRANSPORT_FLIGHT_LIMIT =
      def(
          "smfs_transport_flight_limit_packets",
          Kind.GAUGE,
          "DATA packets the live sessions may keep unacknowledged now, summed: measured delivery"
              + " per round trip plus 2048, between 4096 and the ceiling.",
          W);
  public static final String TRANSPORT_FLIGHT_CEILING =
      def(
          "smfs_transport_flight_ceiling_packets",
          Kind.GAUGE,
          "The most the live sessions may ever keep unacknowledged, summed: what their peers'"
              + " receive sockets hold (at least 4096 each), at most their windows.",
          W);

  public static final String TRANSPORT_FEC_CONFIG =
      def(
          "smfs_transport_fec_config",
          Kind.GAUGE,
          "Always 1; tags give the session's FEC parameters r, c and interleaves (e.g. 1-10-100).",
          W,
          "r",
          "c",
          "interleaves");

  // ---- cleaner ----
  public static final String CLEANER_RUNS =
      def("smfs_cleaner_runs", Kind.COUNTER, "Cleaner passes completed.", W, "volume");
  public static final String CLEANER_BYTES_MOVED =
      def(
          "smfs_cleaner_bytes_moved",
          Kind.COUNTER,
          "Live bytes rewritten at the log head by the cleaner.",
          W,
          "volume");
  public static final String CLEANER_SEGMENTS_FREED =
      def(
          "smfs_cleaner_segments_freed",
          Kind.COUNTER,
          "Segment files deleted by the cleaner.",
          W,
          "volume");

  // ---- FUSE adapter ----
  public static final String FUSE_OPS =
      def("smfs_fuse_ops", Kind.COUNTER, "FUSE operations served, by operation.", W, "op");
  public static final String FUSE_ERRORS =
      def(
          "smfs_fuse_errors",
          Kind.COUNTER,
          "FUSE operations answered with an error, by operation and errno name.",
          W,
          "op",
          "errno");

  // ---- daemon ----
  public static final String DAEMON_UP =
      def(
          "smfs_daemon_up",
          Kind.GAUGE,
          "Always 1 while the daemon runs; tags say its role and version.",
          W,
          "role",
          "version");

  /** Every metric, in definition order. */
  public static List<Metric> all() {
    return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
  }

  /** The metric registered under {@code name}, if any. */
  public static Optional<Metric> byName(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /**
   * The metric a Prometheus series name belongs to, e.g. {@code smfs_log_fsync_seconds_bucket} →
   * {@code smfs_log_fsync}.
   */
  public static Optional<Metric> bySeries(String series) {
    for (Metric m : ALL.values()) {
      if (m.exportedSeries().contains(series)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
