package dev.smfs.transport.session;

import dev.smfs.transport.fec.RepairRecipe;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Maintains the {@link SendProgress} watermarks and wakes waiters.
 *
 * <p>Threading: the {@code on*} methods run on the session's event loop (the {@code executor});
 * watermarks are volatile so any thread reads them; {@link #await} registers waiters through the
 * executor. Per-sequence state (wired flag, repair count) lives in a ring of {@code capacity}
 * slots: the send window keeps every unacknowledged seq within {@code capacity} of the acked
 * watermark, and acknowledged seqs are never looked at again.
 *
 * <p>Waiters: one priority queue per watermark ordered by seq, so an advance completes exactly the
 * waiters it satisfies, without polling.
 */
final class ProgressTracker implements SendProgress {
  private final Executor executor;
  private final int c;
  private final boolean[] wired;
  private final byte[] repairs;

  /** One past the highest seq submitted (fed to the socket path). */
  private long limit;

  private volatile long wire;
  private volatile long acked;

  /** covered[k - 1] for k = 1..c. */
  private final AtomicLongArray covered;

  /** Queue 0 = WIRE, 1 = ACKED, 1 + k = COVERED(k). */
  private final PriorityQueue<Waiter>[] waiters;

  private Throwable failure;

  private record Waiter(long seq, CompletableFuture<Void> future) {}

  @SuppressWarnings("unchecked")
  ProgressTracker(Executor executor, int capacity, int c, long initialSeq) {
    if (c < 1 || c > 127) {
      throw new IllegalArgumentException("c out of range: c=" + c);
    }
    this.executor = executor;
    this.c = c;
    wired = new boolean[capacity];
    repairs = new byte[capacity];
    limit = initialSeq;
    wire = initialSeq - 1;
    acked = initialSeq - 1;
    covered = new AtomicLongArray(c);
    for (int i = 0; i < c; i++) {
      covered.set(i, initialSeq - 1);
    }
    waiters = new PriorityQueue[2 + c];
    for (int i = 0; i < waiters.length; i++) {
      waiters[i] = new PriorityQueue<>((a, b) -> Long.compare(a.seq, b.seq));
    }
  }

  /** {@code seq} (the next one) enters the send path: its slot is reset. Event loop only. */
  void onSubmitted(long seq) {
    if (seq != limit) {
      throw new IllegalStateException("submitted out of order: seq=" + seq + " limit=" + limit);
    }
    int slot = slot(seq);
    wired[slot] = false;
    repairs[slot] = 0;
    limit = seq + 1;
  }

  /** The socket accepted DATA {@code seq} (first send or retransmission). Event loop only. */
  void onWired(long seq) {
    markWired(seq);
    advance();
  }

  /** As {@link #onWired} without moving the watermarks: for batches, then {@link #advance()}. */
  void markWired(long seq) {
    if (seq <= acked || seq >= limit) {
      return;
    }
    wired[slot(seq)] = true;
  }

  /** The socket accepted a REPAIR covering {@code recipe}. Event loop only. */
  void onRepairWired(RepairRecipe recipe) {
    markRepairWired(recipe);
    advance();
  }

  /**
   * As {@link #onRepairWired} without moving the watermarks: for batches, then {@link #advance()}.
   */
  void markRepairWired(RepairRecipe recipe) {
    for (int i = 0; i < recipe.count(); i++) {
      long seq = recipe.seqAt(i);
      if (seq > acked && seq < limit) {
        int slot = slot(seq);
        if (repairs[slot] < Byte.MAX_VALUE) {
          repairs[slot]++;
        }
      }
    }
  }

  /** The receiver acknowledged every seq below {@code cumulative}. Event loop only. */
  void onAcked(long cumulative) {
    long newAcked = Math.min(cumulative, limit) - 1;
    if (newAcked <= acked) {
      return;
    }
    acked = newAcked;
    wake(1, newAcked);
    advance();
  }

  /**
   * The largest {@code k} anyone waits for on a COVERED watermark, 0 if nobody does (drives the FEC
   * linger: only that many layers need flushing). Event loop only.
   */
  int awaitedCoverage() {
    for (int q = waiters.length - 1; q >= 2; q--) {
      if (!waiters[q].isEmpty()) {
        return q - 1;
      }
    }
    return 0;
  }

  /** Fails every waiter and all later awaits. Event loop only. */
  void fail(Throwable cause) {
    failure = cause;
    for (PriorityQueue<Waiter> q : waiters) {
      Waiter w;
      while ((w = q.poll()) != null) {
        w.future.completeExceptionally(cause);
      }
    }
  }

  /** Moves the watermarks over what was marked and wakes the waiters they satisfy. */
  void advance() {
    long w = Math.max(wire, acked);
    while (w + 1 < limit && wired[slot(w + 1)]) {
      w++;
    }
    if (w != wire) {
      wire = w;
      wake(0, w);
    }
    for (int k = 1; k <= c; k++) {
      long old = covered.get(k - 1);
      long cv = Math.max(old, acked);
      while (cv + 1 <= wire && repairs[slot(cv + 1)] >= k) {
        cv++;
      }
      if (cv != old) {
        covered.set(k - 1, cv);
        wake(1 + k, cv);
      }
    }
  }

  private void wake(int queue, long watermark) {
    PriorityQueue<Waiter> q = waiters[queue];
    while (!q.isEmpty() && q.peek().seq <= watermark) {
      q.poll().future.complete(null);
    }
  }

  @Override
  public long wire() {
    return wire;
  }

  @Override
  public long covered(int k) {
    checkK(k);
    return covered.get(k - 1);
  }

  @Override
  public long acked() {
    return acked;
  }

  @Override
  public CompletableFuture<Void> await(Stage stage, int k, long seq) {
    int queue = queueOf(stage, k);
    if (watermark(queue) >= seq) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            if (watermark(queue) >= seq) {
              future.complete(null);
            } else if (failure != null) {
              future.completeExceptionally(failure);
            } else {
              waiters[queue].add(new Waiter(seq, future));
            }
          });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new SessionClosedException("session event loop stopped"));
    }
    return future;
  }

  private long watermark(int queue) {
    if (queue == 0) {
      return wire;
    }
    if (queue == 1) {
      return acked;
    }
    return covered(queue - 1);
  }

  private int queueOf(Stage stage, int k) {
    switch (stage) {
      case WIRE:
        return 0;
      case ACKED:
        return 1;
      default:
        checkK(k);
        return 1 + k;
    }
  }

  private void checkK(int k) {
    if (k < 1 || k > c) {
      throw new IllegalArgumentException("k out of range: k=" + k + " c=" + c);
    }
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) wired.length);
  }
}
