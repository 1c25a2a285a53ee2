package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;

/**
 * Receiver-side buffer restoring session sequence order. Holds the FEC symbol (stream id and
 * payload) of every received or recovered DATA packet in {@code [next, next + capacity)}; drains
 * contiguous packets from {@code next} in order, exactly once.
 *
 * <p>Owns the symbols it holds: {@link #offer} always takes ownership (releasing what it refuses),
 * {@link #drain} releases after the consumer returns. Not thread-safe: event-loop confined.
 */
final class ReorderBuffer {

  enum Offer {
    ACCEPTED,
    DUPLICATE,
    BEYOND_WINDOW
  }

  /** Receives packets in order; the symbol is not owned by the consumer (retain to keep it). */
  interface Consumer {
    void accept(long seq, ByteBuf symbol);
  }

  private final ByteBuf[] slots;
  private long next;

  ReorderBuffer(int capacity, long initialSeq) {
    slots = new ByteBuf[capacity];
    next = initialSeq;
  }

  /**
   * @param symbol ownership passes to this buffer, whatever the result
   */
  Offer offer(long seq, ByteBuf symbol) {
    if (seq < next) {
      symbol.release();
      return Offer.DUPLICATE;
    }
    if (seq - next >= slots.length) {
      symbol.release();
      return Offer.BEYOND_WINDOW;
    }
    int slot = slot(seq);
    if (slots[slot] != null) {
      symbol.release();
      return Offer.DUPLICATE;
    }
    slots[slot] = symbol;
    return Offer.ACCEPTED;
  }

  /** Whether {@code seq} was received (delivered or held). */
  boolean received(long seq) {
    return seq < next || (seq - next < slots.length && slots[slot(seq)] != null);
  }

  /**
   * Hands every contiguous packet from {@link #next()} to {@code consumer}, in order.
   *
   * @return packets delivered
   */
  int drain(Consumer consumer) {
    int delivered = 0;
    while (true) {
      int slot = slot(next);
      ByteBuf symbol = slots[slot];
      if (symbol == null) {
        return delivered;
      }
      slots[slot] = null;
      long seq = next++;
      delivered++;
      try {
        consumer.accept(seq, symbol);
      } finally {
        symbol.release();
      }
    }
  }

  /** Every sequence number below it was delivered. */
  long next() {
    return next;
  }

  void releaseAll() {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null) {
        slots[i].release();
        slots[i] = null;
      }
    }
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) slots.length);
  }
}
