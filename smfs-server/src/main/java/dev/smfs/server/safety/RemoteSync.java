package dev.smfs.server.safety;

import dev.smfs.server.log.Log;
import dev.smfs.server.ship.ShippedVolume;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * remote-sync: local durability AND the mirror acknowledged the record as durable. Waits while the
 * mirror is unreachable; after {@code timeout} fails with an {@link IOException} (the volume turns
 * it into EIO). Thread-safe.
 */
public final class RemoteSync implements Durability {
  /** Default wait for the mirror's acknowledgement. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final ShippedVolume volume;
  private final Duration timeout;

  public RemoteSync(ShippedVolume volume, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: timeout=" + timeout);
    }
    this.volume = volume;
    this.timeout = timeout;
  }

  @Override
  public void await(Log log, long lsn) throws IOException {
    long start = System.nanoTime();
    volume.kick(); // ship while the local fsync runs: the two waits overlap
    log.awaitDurable(lsn);
    long left = timeout.toNanos() - (System.nanoTime() - start);
    try {
      volume.durable(lsn).get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "remote-sync timed out: volume="
              + volume.uuid()
              + " lsn="
              + lsn
              + " mirrorDurableLsn="
              + volume.mirrorDurableLsn()
              + " timeoutMs="
              + timeout.toMillis(),
          e);
    } catch (ExecutionException e) {
      throw new IOException("remote-sync failed: volume=" + volume.uuid() + " lsn=" + lsn, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie =
          new InterruptedIOException("interrupted in remote-sync: lsn=" + lsn);
      ie.initCause(e);
      throw ie;
    }
  }
}
