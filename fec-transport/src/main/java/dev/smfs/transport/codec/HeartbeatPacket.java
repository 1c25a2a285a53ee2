package dev.smfs.transport.codec;

/**
 * A HEARTBEAT. A request carries the sender's clock; the peer echoes it back with {@code reply}
 * set, so the requester measures the round-trip time on its own clock. Both directions also carry
 * the sender's receiver report: the share of the DATA it receives that the link lost, so a data
 * sender learns the loss of its forward path (which only the receiving end can see).
 *
 * @param timestampNanos the requester's monotonic clock reading, echoed unchanged in the reply
 * @param rxLossPpm loss the sender of this heartbeat observes on the DATA it receives, in parts per
 *     million (0..1,000,000), or {@link #LOSS_UNKNOWN}
 */
public record HeartbeatPacket(long sessionId, long timestampNanos, boolean reply, int rxLossPpm)
    implements Packet {
  /** {@code rxLossPpm} when the sender has received too little DATA to tell. */
  public static final int LOSS_UNKNOWN = -1;

  public HeartbeatPacket {
    if (rxLossPpm != LOSS_UNKNOWN && (rxLossPpm < 0 || rxLossPpm > 1_000_000)) {
      throw new IllegalArgumentException("rxLossPpm out of range: rxLossPpm=" + rxLossPpm);
    }
  }

  /** A heartbeat without a receiver report. */
  public HeartbeatPacket(long sessionId, long timestampNanos, boolean reply) {
    this(sessionId, timestampNanos, reply, LOSS_UNKNOWN);
  }

  /** {@code ratio} in [0, 1] as parts per million; NaN as {@link #LOSS_UNKNOWN}. */
  public static int ppm(double ratio) {
    if (Double.isNaN(ratio)) {
      return LOSS_UNKNOWN;
    }
    return (int) Math.round(Math.min(1, Math.max(0, ratio)) * 1_000_000);
  }

  /** The receiver report as a ratio in [0, 1], NaN when unknown. */
  public double rxLossRatio() {
    return rxLossPpm == LOSS_UNKNOWN ? Double.NaN : rxLossPpm / 1_000_000.0;
  }

  @Override
  public PacketType type() {
    return PacketType.HEARTBEAT;
  }
}
