package dev.smfs.server.ship;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What network-sync waits on: one volume's shipping to its mirror. {@link ShippedVolume} is the
 * implementation; the interface lets a test observe when, and in what order, a level asks.
 */
public interface Coverage {
  /** The volume's UUID, for log lines. */
  UUID uuid();

  /** Wakes the sender: the log has grown. */
  void kick();

  /** True while the mirror cannot take this volume (see {@link ShippedVolume#unreachable()}). */
  boolean unreachable();

  /**
   * Completes when every record up to {@code lsn} is on the wire and covered by {@code k} repairs,
   * or durable on the mirror (see {@link ShippedVolume#covered(long, int)}).
   */
  CompletableFuture<Void> covered(long lsn, int k);
}
