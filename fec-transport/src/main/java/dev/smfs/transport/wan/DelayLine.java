package dev.smfs.transport.wan;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;

/**
 * Packets waiting for their release time. Without jitter, release times never decrease in arrival
 * order (the rate shaper's departures are monotone and the delay is constant), so a FIFO suffices
 * and costs O(1); with jitter a priority queue on (release time, arrival sequence) is used.
 *
 * <p>Not thread-safe: one line per direction.
 */
final class DelayLine {
  private static final Comparator<Packet> BY_RELEASE =
      Comparator.<Packet>comparingLong(p -> p.releaseNanos).thenComparingLong(p -> p.sequence);

  private final Queue<Packet> queue;

  DelayLine(boolean fifo) {
    this.queue = fifo ? new ArrayDeque<>() : new PriorityQueue<>(1024, BY_RELEASE);
  }

  void add(Packet p) {
    queue.add(p);
  }

  /** Removes and returns the next packet if its release time is at or before {@code now}. */
  Packet pollDue(long now) {
    Packet head = queue.peek();
    if (head == null || head.releaseNanos - now > 0) {
      return null;
    }
    return queue.poll();
  }

  /** Release time of the next packet; meaningful only when not {@link #isEmpty()}. */
  long nextReleaseNanos() {
    Packet head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.releaseNanos;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }
}
