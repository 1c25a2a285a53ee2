package dev.smfs.server.ship;

/** Where a shipper (or one of its volumes) stands with its mirror. */
public enum ReplicationState {
  /** Not connected yet, first attempt under way. */
  CONNECTING,
  /** Attached and shipping the log as it grows. */
  CONNECTED,
  /** Attached, sending records the mirror lacked at attach time (after a reconnect or when new). */
  CATCHING_UP,
  /** The mirror is unreachable (or refused the volume): the log queues up, lag grows. */
  DEGRADED
}
