package dev.smfs.mirror;

import dev.smfs.server.ship.ControlMessage;
import dev.smfs.server.ship.ReplicationCodec;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's group commit: one thread that, whenever replicas grew, fsyncs each one up to its
 * last LSN (everything ingested meanwhile shares that fsync) and then sends DURABLE(lsn) to the
 * primary attached to it. Thread-safety: {@link #wake} from any thread; the rest is the thread's.
 */
final class GroupCommitter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** Bounds a lost wake-up; normally the event loop wakes the thread at once. */
  private static final long IDLE_WAIT_MS = 20;

  private final Supplier<Collection<Replica>> replicas;
  private final long sweepIntervalNanos;
  private final MirrorMetrics metrics;
  private long lastSweep = System.nanoTime();
  private final Object lock = new Object();
  private boolean pending; // guarded by lock
  private boolean closed; // guarded by lock
  private final Thread thread;

  /**
   * @param sweepInterval how often sealed replica segments no index entry points into are deleted
   */
  GroupCommitter(
      Supplier<Collection<Replica>> replicas,
      java.time.Duration sweepInterval,
      MirrorMetrics metrics) {
    this.replicas = replicas;
    this.metrics = metrics;
    this.sweepIntervalNanos = sweepInterval.toNanos();
    this.thread = new Thread(this, "smfs-mirror-commit");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void wake() {
    synchronized (lock) {
      if (!pending) {
        pending = true;
        lock.notifyAll();
      }
    }
  }

  @Override
  public void run() {
    while (true) {
      boolean last;
      synchronized (lock) {
        if (!pending && !closed) {
          try {
            lock.wait(IDLE_WAIT_MS);
          } catch (InterruptedException e) {
            closed = true;
          }
        }
        pending = false;
        last = closed;
      }
      commitAll();
      if (last) {
        return;
      }
      if (System.nanoTime() - lastSweep >= sweepIntervalNanos) {
        sweep();
        lastSweep = System.nanoTime();
      }
    }
  }

  private void commitAll() {
    for (Replica r : replicas.get()) {
      long lsn = r.ackableLsn();
      if (lsn <= r.ackedLsn) {
        continue;
      }
      try {
        r.volume.log().awaitDurable(lsn);
      } catch (IOException | RuntimeException e) {
        LOG.error("replica fsync failed: volume={} lsn={}", r.uuid, lsn, e);
        continue;
      }
      r.ackedLsn = lsn;
      PrimarySession.Attachment a = r.owner;
      if (a != null) {
        try {
          a.session()
              .send(
                  ReplicationCodec.CONTROL_STREAM,
                  Unpooled.wrappedBuffer(
                      ReplicationCodec.encode(new ControlMessage.Durable(a.streamId(), lsn))),
                  1,
                  TimeUnit.SECONDS);
          metrics.of(r.uuid).ackSent();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          // the primary re-learns the durable LSN from the next ATTACHED
          LOG.debug("DURABLE not sent: volume={} lsn={} reason={}", r.uuid, lsn, e.toString());
        }
      }
    }
  }

  /**
   * Deletes sealed replica segments that hold no live data: the primary's cleaner moved their data
   * (CLEANER_MOVE records arrive like any other) or it was overwritten. Same rule as the primary's
   * cleaner, checked under the volume lock by {@link
   * dev.smfs.server.store.LogVolume#deleteSegmentIfDead}. Runs on the commit thread (tests may call
   * it while that thread's periodic sweep is far away).
   */
  void sweep() {
    for (Replica r : replicas.get()) {
      for (dev.smfs.server.log.SegmentInfo seg : r.volume.log().segments()) {
        if (!seg.sealed()) {
          continue;
        }
        try {
          r.volume.deleteSegmentIfDead(seg.id());
        } catch (IOException | RuntimeException e) {
          LOG.warn("replica segment not deleted: volume={} segment={}", r.uuid, seg.id(), e);
        }
      }
    }
  }

  /** Makes everything ingested durable one last time, then stops. */
  void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
