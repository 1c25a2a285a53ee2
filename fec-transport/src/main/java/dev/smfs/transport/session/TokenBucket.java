package dev.smfs.transport.session;

/**
 * Pacing token bucket in bytes. Refills at {@code bytesPerSecond} up to {@code burstBytes}; a
 * packet may go when the bucket holds its size. Time is passed in, so tests drive it directly.
 *
 * <p>Not thread-safe: event-loop confined.
 */
final class TokenBucket {
  private final double bytesPerNano;
  private final double burstBytes;
  private double tokens;
  private long lastNanos;

  /**
   * @param bytesPerSecond refill rate, positive
   * @param burstBytes bucket size; at least one max-size packet so every packet can eventually go
   */
  TokenBucket(long bytesPerSecond, int burstBytes, long nowNanos) {
    if (bytesPerSecond <= 0 || burstBytes <= 0) {
      throw new IllegalArgumentException(
          "bytesPerSecond=" + bytesPerSecond + " burstBytes=" + burstBytes);
    }
    this.bytesPerNano = bytesPerSecond / 1e9;
    this.burstBytes = burstBytes;
    this.tokens = burstBytes;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code bytes} tokens if present. */
  boolean tryConsume(int bytes, long nowNanos) {
    refill(nowNanos);
    if (tokens < bytes) {
      return false;
    }
    tokens -= bytes;
    return true;
  }

  /** Nanoseconds until {@code bytes} tokens will be present (0 if they are now). */
  long nanosUntil(int bytes, long nowNanos) {
    refill(nowNanos);
    double missing = Math.min(bytes, burstBytes) - tokens;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / bytesPerNano);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burstBytes, tokens + elapsed * bytesPerNano);
      lastNanos = nowNanos;
    }
  }
}
