package dev.smfs.transport.crypto;

/**
 * Sliding bitmap over one sender's last {@link #SIZE} nonce counters: a counter is fresh if it is
 * above the highest seen, or within the window below it and not yet seen. Counters older than the
 * window are treated as replays (the sender never reuses a counter, so a legitimate packet that old
 * is at worst a very late duplicate the session would drop anyway).
 *
 * <p>{@link #isFresh} is checked before decryption and {@link #mark} only after the tag verified,
 * so forged packets cannot move the window. Not thread-safe.
 */
final class ReplayWindow {
  /**
   * Counters remembered below the highest. 4096 datagrams of 1.4 kB are about 46 ms at 1 Gbit/s,
   * far more reordering than a path keeps in flight out of order.
   */
  static final int SIZE = 4096;

  private final long[] bits = new long[SIZE / 64];
  private long highest;
  private boolean empty = true;

  boolean isFresh(long counter) {
    if (empty || counter > highest) {
      return true;
    }
    if (highest - counter >= SIZE) {
      return false;
    }
    return !isSet(counter);
  }

  /** Records an authenticated counter; it must have been {@link #isFresh}. */
  void mark(long counter) {
    if (empty || counter - highest >= SIZE) {
      java.util.Arrays.fill(bits, 0L);
      highest = counter;
      empty = false;
    } else if (counter > highest) {
      for (long c = highest + 1; c <= counter; c++) {
        clear(c);
      }
      highest = counter;
    }
    int i = slot(counter);
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private boolean isSet(long counter) {
    int i = slot(counter);
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private void clear(long counter) {
    int i = slot(counter);
    bits[i >>> 6] &= ~(1L << (i & 63));
  }

  private static int slot(long counter) {
    return (int) (counter & (SIZE - 1));
  }
}
