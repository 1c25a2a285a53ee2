package dev.smfs.server.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.LongConsumer;

/**
 * Leader/follower group commit. The first waiter whose LSN is not yet durable becomes the leader:
 * it asks the log for one sync covering everything written so far, while later waiters block on the
 * monitor. When the leader publishes the new durable LSN every follower it covers returns; the rest
 * elect the next leader, whose single sync covers all records appended during the previous one. So
 * under load each fsync serves a whole batch of callers.
 *
 * <p>Invariants (guarded by {@code monitor}): at most one leader; {@code durable} only grows and
 * only after a sync returned; after a failed sync {@code failure} is set and every later wait
 * throws, because a retried fsync may report success for data the kernel already dropped.
 */
final class GroupCommit {
  /** Syncs everything written so far and returns the highest LSN that sync covers. */
  @FunctionalInterface
  interface SyncAction {
    long syncWritten() throws IOException;
  }

  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
  private final Object monitor = new Object();
  private final SyncAction action;
  private long durable;
  private boolean leaderActive;
  private IOException failure;
  private volatile long durableSnapshot;
  private volatile LongConsumer listener;

  GroupCommit(long initialDurable, SyncAction action) {
    this.durable = initialDurable;
    this.durableSnapshot = initialDurable;
    this.action = action;
  }

  long durable() {
    return durableSnapshot;
  }

  void setListener(LongConsumer l) {
    listener = l;
  }

  /** Raises the durable LSN without a sync, for LSNs that were never written. */
  void advanceTo(long lsn) {
    synchronized (monitor) {
      if (lsn > durable) {
        durable = lsn;
        durableSnapshot = lsn;
        monitor.notifyAll();
      }
    }
  }

  /** Blocks until {@code lsn} is durable, syncing as leader when no sync is running. */
  void await(long lsn) throws IOException {
    while (true) {
      synchronized (monitor) {
        while (true) {
          if (failure != null) {
            throw new IOException("log failed by an earlier sync error: lsn=" + lsn, failure);
          }
          if (durable >= lsn) {
            return;
          }
          if (!leaderActive) {
            leaderActive = true;
            break;
          }
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted awaiting durability: lsn=" + lsn);
          }
        }
      }
      lead();
    }
  }

  /** Runs one sync as leader, publishes the result, then hands leadership back. */
  private void lead() throws IOException {
    long reached = -1;
    boolean advanced = false;
    try {
      reached = action.syncWritten();
      synchronized (monitor) {
        if (reached > durable) {
          durable = reached;
          durableSnapshot = reached;
          advanced = true;
        }
        monitor.notifyAll();
      }
      LongConsumer l = listener;
      if (advanced && l != null) {
        // Still leader here, so listener calls never overlap and see increasing LSNs.
        try {
          l.accept(reached);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "durability listener failed: lsn=" + reached, e);
        }
      }
    } catch (InterruptedIOException e) {
      throw e; // the sync did not complete; another waiter takes over, the log stays healthy
    } catch (IOException | RuntimeException e) {
      synchronized (monitor) {
        if (failure == null && e instanceof IOException) {
          failure = (IOException) e;
        }
      }
      throw e;
    } finally {
      synchronized (monitor) {
        leaderActive = false;
        monitor.notifyAll();
      }
    }
  }
}
