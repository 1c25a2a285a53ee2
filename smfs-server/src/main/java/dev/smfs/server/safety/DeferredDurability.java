package dev.smfs.server.safety;

import dev.smfs.server.log.Log;
import java.io.IOException;
import java.util.Objects;

/**
 * A {@link Durability} whose level is chosen after the volume is open: a mirrored mount needs the
 * volume (its uuid, epoch, log) to build the shipper, and the shipper to build the level. Starts as
 * {@link Durability#LOCAL_SYNC}. Thread-safe: a change applies to the calls that start after it.
 */
public final class DeferredDurability implements Durability {
  private volatile Durability target = Durability.LOCAL_SYNC;

  public void set(Durability d) {
    target = Objects.requireNonNull(d, "durability");
  }

  public Durability get() {
    return target;
  }

  @Override
  public void await(Log log, long lsn) throws IOException {
    target.await(log, lsn);
  }
}
