package dev.smfs.transport.wan;

import java.nio.ByteBuffer;

/**
 * Test seam: decides the fate of each datagram before any impairment. Set with {@link
 * WanEmulator#setFilter}; held packets wait until {@link WanEmulator#releaseHeld} and are then
 * forwarded at once, in the order they were held, without loss or delay.
 *
 * <p>Called on the direction's relay thread for every packet: must be fast, must not block and must
 * not keep the buffer (it is a read-only view valid only during the call, positioned over the whole
 * datagram).
 */
@FunctionalInterface
public interface PacketFilter {
  /** What the relay does with a packet. */
  enum Action {
    /** Treat the packet normally (loss, queue, rate, delay). */
    PASS,
    /** Discard the packet (counted as dropped_filter). */
    DROP,
    /** Keep the packet until released (counted as held). */
    HOLD
  }

  /** A filter that passes everything. */
  PacketFilter PASS_ALL = packet -> Action.PASS;

  Action decide(ByteBuffer packet);
}
