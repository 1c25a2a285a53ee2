package dev.smfs.server.status;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites {@code DATA/status.json} from a supplier once per period on its own daemon thread, and
 * deletes it on {@link #close()} so that {@code smfs status} can tell a stopped daemon from a
 * running one. A failing supplier or write is logged once per distinct message and retried on the
 * next tick; it never stops the daemon.
 *
 * <p>Thread-safe: {@link #publishNow()} may be called from any thread (writes are serialised).
 */
public final class StatusPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

  /** How often a daemon rewrites its status file. */
  public static final long DEFAULT_PERIOD_MILLIS = 1000;

  private final Path dataDir;
  private final Supplier<StatusReport> source;
  private final ScheduledExecutorService timer;
  private String lastError; // guarded by this

  private StatusPublisher(Path dataDir, Supplier<StatusReport> source, ScheduledExecutorService t) {
    this.dataDir = dataDir;
    this.source = source;
    this.timer = t;
  }

  /**
   * Writes the status once now on the calling thread, then every {@code periodMillis} on the
   * publisher's thread.
   *
   * @param source called on the publisher's thread; must be cheap and thread-safe
   */
  public static StatusPublisher start(
      Path dataDir, Supplier<StatusReport> source, long periodMillis) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "smfs-status");
              t.setDaemon(true);
              return t;
            });
    StatusPublisher p = new StatusPublisher(dataDir, source, timer);
    p.publishNow(); // on the caller's thread: the file exists when start returns (if it could be
    // written)
    timer.scheduleAtFixedRate(p::publishNow, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return p;
  }

  /** Writes the current status now; returns whether it succeeded. */
  public synchronized boolean publishNow() {
    try {
      StatusFile.write(dataDir, source.get());
      lastError = null;
      return true;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastError)) {
        LOG.warn("status not published dir={} error={}", dataDir, message);
        lastError = message;
      }
      return false;
    }
  }

  /** Stops publishing and deletes the status file. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      StatusFile.delete(dataDir);
    }
  }
}
