package dev.smfs.transport.wan;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * Counters of one direction. Single writer (the direction's relay thread, which uses ordered stores
 * so the hot path takes no lock or fence), any number of readers through {@link #snapshot()}.
 */
public final class WanCounters {
  private static final int RECEIVED = 0;
  private static final int FORWARDED = 1;
  private static final int DROPPED_LOSS = 2;
  private static final int DROPPED_QUEUE = 3;
  private static final int DROPPED_FILTER = 4;
  private static final int DROPPED_UNROUTABLE = 5;
  private static final int HELD = 6;
  private static final int RELEASED = 7;
  private static final int BYTES_RECEIVED = 8;
  private static final int BYTES_FORWARDED = 9;
  private static final int SEND_ERRORS = 10;
  private static final int COUNT = 11;

  private final AtomicLongArray values = new AtomicLongArray(COUNT);

  /**
   * Guards nothing but the wait/notify of {@link #await}; the writer only takes it if waited on.
   */
  private final Object changed = new Object();

  private final AtomicInteger waiters = new AtomicInteger();

  private void add(int index, long delta) {
    values.lazySet(index, values.get(index) + delta);
  }

  void received(int bytes) {
    add(RECEIVED, 1);
    add(BYTES_RECEIVED, bytes);
  }

  void forwarded(int bytes) {
    add(FORWARDED, 1);
    add(BYTES_FORWARDED, bytes);
  }

  void droppedLoss() {
    add(DROPPED_LOSS, 1);
  }

  void droppedQueue() {
    add(DROPPED_QUEUE, 1);
  }

  void droppedFilter() {
    add(DROPPED_FILTER, 1);
  }

  void droppedUnroutable() {
    add(DROPPED_UNROUTABLE, 1);
  }

  void held() {
    add(HELD, 1);
  }

  void released() {
    add(RELEASED, 1);
  }

  void sendError() {
    add(SEND_ERRORS, 1);
  }

  /**
   * Wakes threads in {@link #await} if there are any; the writer calls this after a batch of
   * updates, so an unwatched emulator pays one volatile read per batch.
   */
  void signalIfAwaited() {
    if (waiters.get() > 0) {
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  /**
   * Blocks until the counters satisfy {@code condition} (tested on fresh snapshots as packets are
   * processed) or the timeout passes. For tests: "wait until 3 packets are held" without sleeping.
   *
   * @return true if the condition held, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(Predicate<Snapshot> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiters.incrementAndGet();
    try {
      synchronized (changed) {
        while (!condition.test(snapshot())) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(changed, left);
        }
        return true;
      }
    } finally {
      waiters.decrementAndGet();
    }
  }

  /**
   * A consistent-enough copy: each value is exact, values may be from slightly different instants.
   */
  public Snapshot snapshot() {
    return new Snapshot(
        values.get(RECEIVED),
        values.get(FORWARDED),
        values.get(DROPPED_LOSS),
        values.get(DROPPED_QUEUE),
        values.get(DROPPED_FILTER),
        values.get(DROPPED_UNROUTABLE),
        values.get(HELD),
        values.get(RELEASED),
        values.get(BYTES_RECEIVED),
        values.get(BYTES_FORWARDED),
        values.get(SEND_ERRORS));
  }

  /**
   * Counter values of one direction.
   *
   * @param received datagrams read from the socket
   * @param forwarded datagrams handed to the output socket's channel (including released held
   *     ones); a send the socket then refuses also counts in {@code sendErrors}
   * @param droppedLoss lost by the Bernoulli or Gilbert-Elliott model
   * @param droppedQueue tail-dropped because the queue limit was reached
   * @param droppedFilter discarded by the {@link PacketFilter}
   * @param droppedUnroutable return traffic that arrived before any client was seen
   * @param held held by the filter, in total
   * @param released held packets released so far
   * @param bytesReceived payload bytes received
   * @param bytesForwarded payload bytes forwarded
   * @param sendErrors sends that failed with an I/O error (the packet is dropped)
   */
  public record Snapshot(
      long received,
      long forwarded,
      long droppedLoss,
      long droppedQueue,
      long droppedFilter,
      long droppedUnroutable,
      long held,
      long released,
      long bytesReceived,
      long bytesForwarded,
      long sendErrors) {

    /** Packets held now, waiting for release. */
    public long heldNow() {
      return held - released;
    }

    /** One JSON object, keys in snake_case. */
    public String toJson() {
      return "{\"received\":"
          + received
          + ",\"forwarded\":"
          + forwarded
          + ",\"dropped_loss\":"
          + droppedLoss
          + ",\"dropped_queue\":"
          + droppedQueue
          + ",\"dropped_filter\":"
          + droppedFilter
          + ",\"dropped_unroutable\":"
          + droppedUnroutable
          + ",\"held\":"
          + held
          + ",\"released\":"
          + released
          + ",\"bytes_received\":"
          + bytesReceived
          + ",\"bytes_forwarded\":"
          + bytesForwarded
          + ",\"send_errors\":"
          + sendErrors
          + "}";
    }
  }
}
