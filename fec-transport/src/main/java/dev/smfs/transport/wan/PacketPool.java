package dev.smfs.transport.wan;

import java.util.ArrayDeque;

/**
 * Recycles {@link Packet} buffers in two size classes (small for acks and control, large for data
 * up to a typical MTU); larger datagrams get a buffer of their own, dropped after use. Buffers are
 * allocated lazily, so memory follows the peak number of packets in flight, which the queue limit
 * bounds (the limit is charged with {@link Packet#capacity()}).
 *
 * <p>Not thread-safe: one pool per direction.
 */
final class PacketPool {
  static final int SMALL = 256;
  static final int LARGE = 2048;

  private final ArrayDeque<Packet> small = new ArrayDeque<>();
  private final ArrayDeque<Packet> large = new ArrayDeque<>();

  /** Capacity of the buffer a datagram of {@code length} bytes is charged with. */
  static int chargeFor(int length) {
    return length <= SMALL ? SMALL : length <= LARGE ? LARGE : length;
  }

  /** Returns a packet whose buffer holds at least {@code length} bytes, with length unset. */
  Packet acquire(int length) {
    int capacity = chargeFor(length);
    ArrayDeque<Packet> free = capacity == SMALL ? small : capacity == LARGE ? large : null;
    Packet p = free == null ? null : free.pollFirst();
    return p != null ? p : new Packet(capacity);
  }

  void release(Packet p) {
    if (p.capacity() == SMALL) {
      small.addFirst(p);
    } else if (p.capacity() == LARGE) {
      large.addFirst(p);
    }
  }
}
