package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The production {@link Sealer}: a daemon thread per log, started at the first roll, that runs the
 * log's sync whenever a roll happened since its last run.
 *
 * <p>Thread-safety: {@link #sealed} and {@link #close} may be called from any thread; state is
 * guarded by this object's monitor.
 */
final class SealerThread implements Sealer {
  private static final System.Logger LOG = System.getLogger(SealerThread.class.getName());

  /**
   * How long close waits for a sync in progress before giving up on the thread (it is a daemon).
   */
  private static final long CLOSE_WAIT_MILLIS = 30_000;

  private final Path dir;
  private final SyncAction action;
  private Thread thread; // guarded by this
  private boolean pending; // guarded by this
  private boolean stopped; // guarded by this

  SealerThread(Path dir, SyncAction action) {
    this.dir = dir;
    this.action = action;
  }

  @Override
  public synchronized void sealed(Segment segment) {
    if (stopped) {
      return;
    }
    pending = true;
    if (thread == null) {
      thread = new Thread(this::run, "smfs-log-sealer");
      thread.setDaemon(true);
      thread.start();
    }
    notifyAll();
  }

  private void run() {
    while (true) {
      synchronized (this) {
        while (!pending && !stopped) {
          try {
            wait();
          } catch (InterruptedException e) {
            return; // nothing interrupts this thread; if something does, stop (close syncs anyway)
          }
        }
        if (stopped) {
          return;
        }
        pending = false;
      }
      try {
        action.syncSealed();
      } catch (IOException e) {
        // The log now refuses appends and durability waits with this failure; say it once here,
        // where it happened, since no writer may be waiting to see it.
        LOG.log(
            System.Logger.Level.ERROR, "sealed segment sync failed: dir=" + dir + " cause=" + e, e);
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "sealer failed: dir=" + dir, e);
        return;
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      stopped = true;
      t = thread;
      notifyAll();
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    try {
      long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
      while (t.isAlive()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          LOG.log(System.Logger.Level.WARNING, "sealer still syncing at close: dir=" + dir);
          return;
        }
        try {
          t.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
