package dev.smfs.transport.session;

/**
 * Smoothed round-trip time (RFC 6298 style: srtt gain 1/8, variance gain 1/4) from heartbeat
 * samples. Reads from any thread see a recent value; samples come from the event loop only.
 */
final class RttEstimator {
  private volatile long srttNanos;
  private volatile long rttVarNanos;
  private volatile boolean sampled;

  /**
   * @param initialNanos assumed RTT until the first sample
   */
  RttEstimator(long initialNanos) {
    srttNanos = initialNanos;
    rttVarNanos = initialNanos / 2;
  }

  void sample(long rttNanos) {
    if (rttNanos < 0) {
      return;
    }
    if (!sampled) {
      srttNanos = rttNanos;
      rttVarNanos = rttNanos / 2;
      sampled = true;
      return;
    }
    long err = Math.abs(srttNanos - rttNanos);
    rttVarNanos = rttVarNanos - (rttVarNanos >> 2) + (err >> 2);
    srttNanos = srttNanos - (srttNanos >> 3) + (rttNanos >> 3);
  }

  long srttNanos() {
    return srttNanos;
  }

  long rttVarNanos() {
    return rttVarNanos;
  }
}
