package dev.smfs.transport.codec;

/**
 * A decoded packet. Packets that carry bytes ({@link DataPacket}, {@link RepairPacket}) hold a
 * reference-counted {@link io.netty.buffer.ByteBuf}; whoever holds the packet calls {@link
 * #release()} exactly once when done. For the other types {@link #release()} does nothing.
 */
public sealed interface Packet
    permits DataPacket, RepairPacket, AckPacket, HelloPacket, HeartbeatPacket, ClosePacket {

  /** The session this packet belongs to. */
  long sessionId();

  PacketType type();

  /** Releases the buffer this packet holds, if any. Call exactly once. */
  default void release() {}
}
