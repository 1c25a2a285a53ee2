package dev.smfs.server.ship;

/** Why a mirror refused an ATTACH. The codes are part of the wire format: never renumber. */
public enum RefuseReason {
  /** The primary's epoch is lower than the replica's: it is an old primary after a promotion. */
  STALE_EPOCH(1),
  /** Another primary is attached for this volume right now. */
  FOREIGN_PRIMARY(2),
  /** The mirror cannot store more. */
  DISK_FULL(3),
  /** The primary's epoch is higher than the replica's: the replica belongs to an older history. */
  EPOCH_AHEAD(4),
  /** The primary no longer holds the records the replica needs next (they were cleaned). */
  LOG_GAP(5),
  /** The replica could not be opened or written. */
  IO_ERROR(6),
  /** The replica holds durable records the primary does not (the primary lost its log tail). */
  REPLICA_AHEAD(7);

  private final int code;

  RefuseReason(int code) {
    this.code = code;
  }

  /**
   * True if asking again later may succeed (another primary's session may end, space may be freed);
   * the shipper then re-sends ATTACH after a pause. The epoch and log reasons are final.
   */
  public boolean transientReason() {
    return this == FOREIGN_PRIMARY || this == DISK_FULL || this == IO_ERROR;
  }

  public int code() {
    return code;
  }

  /**
   * @throws MalformedReplicationException for an unknown code
   */
  public static RefuseReason ofCode(int code) {
    for (RefuseReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new MalformedReplicationException("unknown refuse reason: code=" + code);
  }
}
