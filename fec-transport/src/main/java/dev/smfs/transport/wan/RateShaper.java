package dev.smfs.transport.wan;

/**
 * Serialises packets onto a link of fixed rate: a packet starts when the link is free (or when it
 * arrives, if later) and occupies the link for {@code bytes * 8 / rate}. Departure times are
 * computed from the start of the busy period, so long runs keep the exact rate.
 *
 * <p>Not thread-safe: one instance per direction.
 */
final class RateShaper {
  private final double nanosPerByte;
  private long linkFreeAt;
  private boolean busy;

  /** Start of the current busy period and bytes serialised since: no rounding error builds up. */
  private long busySince;

  private long busyBytes;

  /**
   * @param rateMbit link rate in 10^6 bit/s, or null for an infinitely fast link
   */
  RateShaper(Double rateMbit) {
    this.nanosPerByte = rateMbit == null ? 0 : 8_000.0 / rateMbit;
  }

  /**
   * Returns the time at which the last bit of a packet of {@code bytes} arriving at {@code now}
   * leaves.
   */
  long depart(long now, int bytes) {
    if (nanosPerByte == 0) {
      return now;
    }
    if (!busy || now - linkFreeAt >= 0) {
      busy = true;
      busySince = now;
      busyBytes = 0;
    }
    busyBytes += bytes;
    linkFreeAt = busySince + Math.round(busyBytes * nanosPerByte);
    return linkFreeAt;
  }

  /** Nanoseconds of already-accepted traffic the link still has to serialise at {@code now}. */
  long backlogNanos(long now) {
    return busy ? Math.max(0, linkFreeAt - now) : 0;
  }
}
