package dev.smfs.transport.wan;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The impairment pipeline of one direction, free of sockets and clocks: the caller passes the time
 * in with every call, so tests drive it with a fake clock. See {@link WanProfile} for the order in
 * which a packet is treated.
 *
 * <p>Ownership: {@link #offer} takes the packet; a packet returned by {@link #pollDue} or {@link
 * #pollReleased} belongs to the caller until it hands it back with {@link #finish}.
 *
 * <p>Thread-safety: confined to the direction's relay thread, except {@link #setFilter} and {@link
 * #setDropObserver}, which any thread may call (each is read once per packet).
 */
final class Impairment {
  /** What {@link #offer} did with a packet. */
  enum Outcome {
    SCHEDULED,
    HELD,
    DROPPED_FILTER,
    DROPPED_LOSS,
    DROPPED_QUEUE
  }

  private final LossModel loss;
  private final RateShaper shaper;
  private final SplittableRandom jitterRandom;
  private final long delayNanos;
  private final long jitterNanos;
  private final long queueLimitBytes;
  private final DelayLine line;
  private final PacketPool pool = new PacketPool();
  private final ArrayDeque<Packet> held = new ArrayDeque<>();
  private final ArrayDeque<Packet> released = new ArrayDeque<>();
  private final WanCounters counters;
  private volatile PacketFilter filter;
  private volatile DropObserver dropObserver;

  /** Bytes charged for packets in the delay line (by buffer capacity); at most the queue limit. */
  private long chargedBytes;

  private long sequence;

  Impairment(WanProfile profile, WanCounters counters) {
    SplittableRandom root = new SplittableRandom(profile.seed());
    this.loss = new LossModel(profile.loss(), profile.ge(), root.split());
    this.jitterRandom = root.split();
    this.shaper = new RateShaper(profile.rateMbit());
    this.delayNanos = profile.delayNanos();
    this.jitterNanos = profile.jitterNanos();
    this.queueLimitBytes = profile.queueLimitBytes();
    this.line = new DelayLine(jitterNanos == 0);
    this.counters = counters;
  }

  void setFilter(PacketFilter filter) {
    this.filter = filter;
  }

  void setDropObserver(DropObserver observer) {
    this.dropObserver = observer;
  }

  private void observeDrop(Packet p, DropObserver.Cause cause) {
    DropObserver observer = dropObserver;
    if (observer != null) {
      observer.dropped(p.readOnlyView(), cause);
    }
  }

  /** A pooled packet able to hold {@code length} bytes, its length set; fill it, then offer it. */
  Packet acquire(int length) {
    Packet p = pool.acquire(length);
    p.length = length;
    return p;
  }

  /** Puts a packet that arrived at {@code now} through filter, loss, queue, rate and delay. */
  Outcome offer(Packet p, long now) {
    counters.received(p.length);
    PacketFilter f = filter;
    if (f != null) {
      PacketFilter.Action action = f.decide(p.readOnlyView());
      if (action == PacketFilter.Action.DROP) {
        counters.droppedFilter();
        pool.release(p);
        return Outcome.DROPPED_FILTER;
      }
      if (action == PacketFilter.Action.HOLD) {
        counters.held();
        held.addLast(p);
        return Outcome.HELD;
      }
    }
    if (loss.drop()) {
      counters.droppedLoss();
      observeDrop(p, DropObserver.Cause.LOSS);
      pool.release(p);
      return Outcome.DROPPED_LOSS;
    }
    int charge = p.capacity();
    if (chargedBytes + charge > queueLimitBytes) {
      counters.droppedQueue();
      observeDrop(p, DropObserver.Cause.QUEUE);
      pool.release(p);
      return Outcome.DROPPED_QUEUE;
    }
    chargedBytes += charge;
    long delay = delayNanos;
    if (jitterNanos > 0) {
      delay = Math.max(0, delay + jitterRandom.nextLong(-jitterNanos, jitterNanos + 1));
    }
    p.releaseNanos = shaper.depart(now, p.length) + delay;
    p.sequence = sequence++;
    line.add(p);
    return Outcome.SCHEDULED;
  }

  /** The next packet due at {@code now}, or null; the caller sends it and then calls finish. */
  Packet pollDue(long now) {
    return line.pollDue(now);
  }

  /** When the next packet of the delay line is due ({@link Long#MAX_VALUE} if none). */
  long nextReleaseNanos() {
    return line.nextReleaseNanos();
  }

  boolean hasScheduled() {
    return !line.isEmpty();
  }

  /** Moves every held packet to the released queue, keeping their order. */
  void releaseHeld() {
    released.addAll(held);
    held.clear();
  }

  /** The next released held packet, or null; the caller sends it and then calls finish. */
  Packet pollReleased() {
    return released.pollFirst();
  }

  int heldNow() {
    return held.size();
  }

  /**
   * Returns a packet obtained from {@link #pollDue} or {@link #pollReleased} once it was sent
   * ({@code sent}) or could not be.
   */
  void finish(Packet p, boolean fromLine, boolean sent) {
    if (fromLine) {
      chargedBytes -= p.capacity();
    } else {
      counters.released();
    }
    if (sent) {
      counters.forwarded(p.length);
    }
    pool.release(p);
  }

  long chargedBytes() {
    return chargedBytes;
  }
}
