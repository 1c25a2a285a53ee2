package dev.smfs.mirror;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's ingest thread: runs the primary sessions' work (frame decoding, replica log writes,
 * index updates, control messages) in the order the transport's event loop submitted it, so the
 * event loop only receives, decodes FEC and acknowledges.
 *
 * <p>Why: appends on the event loop (a {@code writev} per record, RocksDB writes) took about a
 * third of its busy time at 800 Mbit/s (JFR, 2026-11-22), and while it wrote it did not read: the
 * mirror's socket queue averaged 3.4 MB (p90 8.7 MB), the acknowledgements came later, and the
 * primary's flight limit stopped its sender for 20-34% of the time.
 *
 * <p>Bounded: work holding more than {@code budgetBytes} of payload blocks {@link #submit} until
 * the thread catches up. The event loop then stops reading, as it did when it wrote itself: the
 * socket buffer takes the burst and the primary's flight limit (at most what that buffer holds)
 * keeps it from overflowing. A task is never dropped while the thread runs; a frame lost here would
 * be a gap in the replica's stream.
 *
 * <p>Thread-safe.
 */
final class IngestThread implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestThread.class);

  /** Default {@code budgetBytes}: about 45,000 payloads of 1400 bytes. */
  static final long DEFAULT_BUDGET_BYTES = 64L << 20;

  /** How long {@link #close} lets the thread finish queued work. */
  private static final long CLOSE_DRAIN_MILLIS = 10_000;

  /** {@code discard} releases what {@code work} holds when the work is dropped unrun. */
  private record Task(long bytes, Runnable work, Runnable discard) {}

  private final long budgetBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Task> queue = new ArrayDeque<>(); // guarded by lock
  private long queuedBytes; // guarded by lock
  private boolean closed; // guarded by lock
  private final AtomicLong blockedNanos = new AtomicLong();
  private final Thread thread;

  /**
   * Starts the thread.
   *
   * @param budgetBytes payload bytes queued before {@link #submit} blocks, {@code > 0}
   */
  IngestThread(String name, long budgetBytes) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes must be > 0: budgetBytes=" + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code work}, waiting (uninterruptibly: the work must not be lost) while the queued and
   * running work would hold more than the budget with it. A task larger than the budget waits until
   * nothing is queued or running, so it always goes through. After {@link #close} the work is
   * dropped: the sessions have ended and nothing queued was acknowledged as durable.
   *
   * @param bytes the payload the task holds on to
   * @param discard run instead of {@code work} if the work is dropped (closed, or abandoned by
   *     {@link #close}): releases what it holds
   * @return false if dropped because closed
   */
  boolean submit(long bytes, Runnable work, Runnable discard) {
    lock.lock();
    try {
      if (mustWait(bytes)) {
        long start = System.nanoTime();
        boolean interrupted = false;
        while (mustWait(bytes)) {
          try {
            notFull.await();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        blockedNanos.addAndGet(System.nanoTime() - start);
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (closed) {
        discard.run();
        return false;
      }
      queue.addLast(new Task(bytes, work, discard));
      queuedBytes += bytes;
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #submit(long, Runnable, Runnable)} for work that holds nothing to release. */
  boolean submit(long bytes, Runnable work) {
    return submit(bytes, work, () -> {});
  }

  /** Whether work of {@code bytes} must wait for room. Holding {@link #lock}. */
  private boolean mustWait(long bytes) {
    return !closed && queuedBytes > 0 && queuedBytes + bytes > budgetBytes;
  }

  /** Payload bytes of the work queued or running. */
  long queuedBytes() {
    lock.lock();
    try {
      return queuedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Total time {@link #submit} callers spent waiting for room. */
  long blockedNanos() {
    return blockedNanos.get();
  }

  private void run() {
    while (true) {
      Task t;
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          notEmpty.awaitUninterruptibly();
        }
        t = queue.pollFirst();
        if (t == null) {
          return; // closed and drained
        }
      } finally {
        lock.unlock();
      }
      try {
        t.work().run();
      } catch (RuntimeException | Error e) {
        LOG.error("ingest task failed", e);
      } finally {
        lock.lock();
        try {
          queuedBytes -= t.bytes();
          notFull.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * Refuses new work, lets the thread finish what is queued (bounded wait), and stops it. Callers
   * close the transport first, so no more work arrives. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    if (!joined()) {
      abandonQueued();
      joined();
    }
  }

  /** Waits up to {@link #CLOSE_DRAIN_MILLIS} for the thread; true if it has ended. */
  private boolean joined() {
    try {
      thread.join(CLOSE_DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void abandonQueued() {
    List<Task> abandoned;
    lock.lock();
    try {
      abandoned = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    abandoned.forEach(t -> t.discard().run());
    LOG.warn(
        "ingest thread still busy after {} s, {} queued tasks abandoned (not acknowledged as"
            + " durable: the primary sends them again)",
        TimeUnit.MILLISECONDS.toSeconds(CLOSE_DRAIN_MILLIS),
        abandoned.size());
  }
}
