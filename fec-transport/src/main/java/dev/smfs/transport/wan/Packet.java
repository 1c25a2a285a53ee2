package dev.smfs.transport.wan;

import java.nio.ByteBuffer;

/**
 * One datagram held by the emulator, in a direct buffer owned by a {@link PacketPool}. Mutable and
 * reused: valid from {@link PacketPool#acquire} until {@link PacketPool#release}. Confined to the
 * emulator's event-loop thread.
 */
final class Packet {
  /** Direct buffer; the datagram occupies {@code [0, length)}. Capacity is fixed per packet. */
  final ByteBuffer buffer;

  int length;
  long releaseNanos;

  /** Arrival order within the direction; breaks ties between equal release times. */
  long sequence;

  Packet(int capacity) {
    this.buffer = ByteBuffer.allocateDirect(capacity);
  }

  int capacity() {
    return buffer.capacity();
  }

  /** Buffer positioned over the datagram, ready to send. */
  ByteBuffer datagram() {
    buffer.limit(length).position(0);
    return buffer;
  }

  /** A read-only view of the datagram for filters; its position and limit are its own. */
  ByteBuffer readOnlyView() {
    return buffer.duplicate().limit(length).position(0).asReadOnlyBuffer();
  }
}
