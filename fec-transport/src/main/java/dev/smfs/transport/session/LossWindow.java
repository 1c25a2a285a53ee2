package dev.smfs.transport.session;

/**
 * Recent loss of the DATA packets an endpoint receives: packets missing on first arrival (rebuilt
 * by FEC, or NAKed for retransmission) over packets delivered, across the last {@link #HALF} to
 * {@code 2 × HALF} deliveries (two buckets: the previous full one and the current one). Below
 * {@link #MIN_PACKETS} deliveries the ratio is unknown (NaN) rather than noise.
 *
 * <p>A packet first NAKed and later rebuilt by FEC counts twice; the ratio is capped at 1.
 *
 * <p>Thread-safe: sessions of one endpoint share it (their event loops count, scrapes read).
 */
final class LossWindow {
  /** Deliveries per bucket: with the previous bucket, the window spans 5,000 to 10,000 packets. */
  static final long HALF = 5_000;

  /** Fewer deliveries than this in the window: ratio unknown. */
  static final long MIN_PACKETS = 100;

  private long delivered; // guarded by this: current bucket
  private long lost;
  private long previousDelivered;
  private long previousLost;

  synchronized void delivered(long packets) {
    delivered += packets;
    if (delivered >= HALF) {
      previousDelivered = delivered;
      previousLost = lost;
      delivered = 0;
      lost = 0;
    }
  }

  synchronized void lost(long packets) {
    lost += packets;
  }

  /** Lost over delivered in the window, in [0, 1]; NaN before {@link #MIN_PACKETS} deliveries. */
  synchronized double ratio() {
    long d = delivered + previousDelivered;
    if (d < MIN_PACKETS) {
      return Double.NaN;
    }
    return Math.min(1.0, (double) (lost + previousLost) / d);
  }
}
