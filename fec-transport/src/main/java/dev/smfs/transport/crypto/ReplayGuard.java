package dev.smfs.transport.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay windows of the senders one endpoint hears, keyed by (key id, nonce prefix). Only
 * authenticated frames create a window, so only key holders can grow the map; it is still bounded
 * ({@link #MAX_SENDERS}, least recently used evicted) because every restart of a peer brings a new
 * prefix. Not thread-safe: used on one event loop.
 */
final class ReplayGuard {
  static final int MAX_SENDERS = 1024;

  private final Map<Long, ReplayWindow> windows =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReplayWindow> eldest) {
          return size() > MAX_SENDERS;
        }
      };

  boolean isFresh(SealedFrameCodec.Header h) {
    ReplayWindow w = windows.get(key(h));
    return w == null || w.isFresh(h.nonceCounter());
  }

  /** Records an authenticated frame that was {@link #isFresh}. */
  void mark(SealedFrameCodec.Header h) {
    windows.computeIfAbsent(key(h), k -> new ReplayWindow()).mark(h.nonceCounter());
  }

  private static Long key(SealedFrameCodec.Header h) {
    return ((long) h.keyId() << 32) | (h.noncePrefix() & 0xffffffffL);
  }
}
