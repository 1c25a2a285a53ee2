package dev.smfs.transport.crypto;

import java.security.SecureRandom;

/**
 * The nonces one sender uses: a fixed 32-bit prefix and a 64-bit counter that only grows.
 *
 * <p>The counter starts at a random value below 2^62 and refuses to pass {@link Long#MAX_VALUE}, so
 * it never wraps: at least 2^62 datagrams (146 years at 10^9 datagrams/s) separate the start from
 * the end. Random prefix and random start make two senders under one key (the two ends of a
 * session, every restart) pick disjoint nonces with overwhelming probability. Not thread-safe.
 */
final class NonceSequence {
  static final long MAX_START = 1L << 62;

  private final int prefix;
  private long next;

  NonceSequence(int prefix, long start) {
    if (start < 0) {
      throw new IllegalArgumentException("nonce counter must be >= 0: start=" + start);
    }
    this.prefix = prefix;
    this.next = start;
  }

  static NonceSequence random(SecureRandom random) {
    return new NonceSequence(random.nextInt(), random.nextLong() & (MAX_START - 1));
  }

  int prefix() {
    return prefix;
  }

  /** The next counter value. @throws IllegalStateException once the counter is exhausted */
  long next() {
    if (next == Long.MAX_VALUE) {
      throw new IllegalStateException(
          "nonce counter exhausted, restart the endpoint: prefix=" + Integer.toHexString(prefix));
    }
    return next++;
  }
}
