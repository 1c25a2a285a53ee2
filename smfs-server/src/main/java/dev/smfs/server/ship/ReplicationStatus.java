package dev.smfs.server.ship;

import java.util.Objects;
import java.util.UUID;

/**
 * A snapshot of one volume's replication, for status and metrics.
 *
 * @param mirror the mirror address as configured
 * @param shippedLsn newest LSN whose frame was handed to the session (0: none this session)
 * @param mirrorDurableLsn newest LSN the mirror acknowledged as durable
 * @param lagRecords records appended locally but not yet durable on the mirror
 * @param lagBytes their approximate size in log bytes
 * @param catchUpRecordsPerSecond rate at which the mirror's durable LSN advanced recently
 * @param refused the mirror's refusal reason, or null
 */
public record ReplicationStatus(
    UUID volume,
    ReplicationState state,
    String mirror,
    long shippedLsn,
    long mirrorDurableLsn,
    long lagRecords,
    long lagBytes,
    double catchUpRecordsPerSecond,
    RefuseReason refused) {
  public ReplicationStatus {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(mirror, "mirror");
    if (lagRecords < 0 || lagBytes < 0) {
      throw new IllegalArgumentException(
          "negative lag: records=" + lagRecords + " bytes=" + lagBytes);
    }
  }
}
