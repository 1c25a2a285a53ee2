package dev.smfs.transport.crypto;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the sealing layer, shared by every endpoint given the same registry. Names (as exported
 * to Prometheus):
 *
 * <ul>
 *   <li>{@code smfs_transport_auth_failed_total} — datagrams dropped because they are not an
 *       authentic sealed frame (truncated, bad magic or version, unknown key id, tag mismatch)
 *   <li>{@code smfs_transport_replay_dropped_total} — authentic-looking frames dropped because
 *       their nonce counter was already seen or is older than the replay window
 * </ul>
 *
 * Thread-safe.
 */
public final class SecurityMetrics {
  private final Counter authFailed;
  private final Counter replayDropped;

  public SecurityMetrics(MeterRegistry registry) {
    authFailed = registry.counter("smfs_transport_auth_failed");
    replayDropped = registry.counter("smfs_transport_replay_dropped");
  }

  void countAuthFailed() {
    authFailed.increment();
  }

  void countReplayDropped() {
    replayDropped.increment();
  }

  public double authFailed() {
    return authFailed.count();
  }

  public double replayDropped() {
    return replayDropped.count();
  }
}
