package dev.smfs.transport.fec;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The decoder's memory: a ring of {@code size} slots, one per tracked sequence number in {@code
 * [floor, highest]}, slot {@code seq mod size}. A slot holds the symbol's state, length and a copy
 * as little-endian words, plus, while the symbol is unknown, the pending repair of each layer that
 * misses it.
 *
 * <p>Invariants: {@code highest - floor < size}, so two tracked sequence numbers never share a
 * slot; every sequence number that falls below the floor is handed to the eviction callback before
 * its slot is reused; a slot not holding its sequence number ({@code !holds}) means "unknown, no
 * repair waiting". Word arrays stay with their slot and are reused. Not thread-safe.
 */
final class SymbolWindow {
  static final byte UNKNOWN = 0;
  static final byte RECEIVED = 1;
  static final byte RECOVERED = 2;

  private final int size;
  private final int layers;
  private final long[] seqs;
  private final byte[] states;
  private final int[] lengths;
  private final long[][] data;
  private final PendingRepair[] waiting;

  private long highest = -1;
  private long floor;

  SymbolWindow(int size, int layers) {
    this.size = size;
    this.layers = layers;
    this.seqs = new long[size];
    Arrays.fill(seqs, -1L);
    this.states = new byte[size];
    this.lengths = new int[size];
    this.data = new long[size][];
    this.waiting = new PendingRepair[size * layers];
  }

  long floor() {
    return floor;
  }

  int slotOf(long seq) {
    return (int) (seq % size);
  }

  boolean holds(int slot, long seq) {
    return seqs[slot] == seq;
  }

  /** Whether {@code seq} (tracked) was received or recovered. */
  boolean isKnown(long seq) {
    int slot = slotOf(seq);
    return seqs[slot] == seq && states[slot] != UNKNOWN;
  }

  /** Makes {@code slot} hold the unknown {@code seq}; the previous occupant was already evicted. */
  void claim(int slot, long seq) {
    seqs[slot] = seq;
    states[slot] = UNKNOWN;
  }

  byte state(int slot) {
    return states[slot];
  }

  int length(int slot) {
    return lengths[slot];
  }

  /** The slot's word array, or null if the slot has never held a known symbol. */
  long[] data(int slot) {
    return data[slot];
  }

  /**
   * Stores the symbol held in {@code words} as known; returns the slot's previous array or null.
   */
  long[] setKnown(int slot, byte state, int length, long[] words) {
    long[] old = data[slot];
    data[slot] = words;
    states[slot] = state;
    lengths[slot] = length;
    return old;
  }

  PendingRepair waiting(int slot, int layer) {
    return waiting[slot * layers + layer];
  }

  void setWaiting(int slot, int layer, PendingRepair p) {
    waiting[slot * layers + layer] = p;
  }

  /**
   * Makes {@code seq} the highest tracked sequence number if it is higher, evicting what falls
   * below the new floor.
   */
  void advanceTo(long seq, IntConsumer evict) {
    if (seq <= highest) {
      return;
    }
    highest = seq;
    long newFloor = seq - size + 1;
    if (newFloor > floor) {
      raiseFloor(newFloor, evict);
    }
  }

  /**
   * Stops tracking everything below {@code newFloor} ({@code > floor}). {@code evict} sees each
   * such slot while it still holds its sequence number and waiting repairs, then the slot is freed.
   */
  void raiseFloor(long newFloor, IntConsumer evict) {
    long from = floor;
    floor = newFloor;
    if (newFloor - from >= size) {
      for (int slot = 0; slot < size; slot++) {
        if (seqs[slot] >= 0 && seqs[slot] < newFloor) {
          free(slot, evict);
        }
      }
      return;
    }
    for (long s = from; s < newFloor; s++) {
      int slot = slotOf(s);
      if (seqs[slot] == s) {
        free(slot, evict);
      }
    }
  }

  private void free(int slot, IntConsumer evict) {
    evict.accept(slot);
    seqs[slot] = -1;
    states[slot] = UNKNOWN;
  }
}
