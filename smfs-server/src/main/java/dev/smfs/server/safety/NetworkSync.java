package dev.smfs.server.safety;

import dev.smfs.server.log.Log;
import dev.smfs.server.ship.ShippedVolume;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * network-sync(k): local durability AND every packet of the record on the wire and covered by at
 * least {@code k} repair packets handed to the socket (or acknowledged / made durable by the
 * mirror, which is stronger). While the mirror is unreachable (shipper DEGRADED, or the volume
 * refused) it returns after local durability: the record waits in the log, the lag is reported, and
 * the first such return after being connected logs a WARN.
 *
 * <p>Thread-safe.
 */
public final class NetworkSync implements Durability {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkSync.class);

  private final ShippedVolume volume;
  private final int k;
  private final AtomicBoolean degraded = new AtomicBoolean();

  /**
   * @param k repairs required, 0..c (0: on the wire only)
   */
  public NetworkSync(ShippedVolume volume, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: k=" + k);
    }
    this.volume = volume;
    this.k = k;
  }

  public int minRepairs() {
    return k;
  }

  @Override
  public void await(Log log, long lsn) throws IOException {
    volume.kick(); // ship while the local fsync runs: the two waits overlap
    log.awaitDurable(lsn);
    while (true) {
      if (volume.unreachable()) {
        if (degraded.compareAndSet(false, true)) {
          LOG.warn(
              "network-sync degraded to local-sync: mirror unreachable, volume={} lsn={}",
              volume.uuid(),
              lsn);
        }
        return;
      }
      try {
        volume.covered(lsn, k).get();
        if (degraded.compareAndSet(true, false)) {
          LOG.info("network-sync restored: volume={} lsn={}", volume.uuid(), lsn);
        }
        return;
      } catch (ExecutionException e) {
        // the session ended or the mirror became unreachable: look again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException ie =
            new InterruptedIOException("interrupted in network-sync: lsn=" + lsn);
        ie.initCause(e);
        throw ie;
      }
    }
  }
}
