package dev.smfs.transport.codec;

/**
 * A HEARTBEAT. A request carries the sender's clock; the peer echoes it back with {@code reply}
 * set, so the requester measures the round-trip time on its own clock.
 *
 * @param timestampNanos the requester's monotonic clock reading, echoed unchanged in the reply
 */
public record HeartbeatPacket(long sessionId, long timestampNanos, boolean reply)
    implements Packet {
  @Override
  public PacketType type() {
    return PacketType.HEARTBEAT;
  }
}
