package dev.smfs.server.ship;

import dev.smfs.server.store.BaseSnapshot;

/**
 * Where a {@link VolumeSender} gets the base for a new mirror when its log no longer starts at LSN
 * 1: normally {@code LogVolume::baseSnapshot}. Called on the sender thread.
 */
@FunctionalInterface
public interface BaseSource {
  /** The volume's index at its current last LSN (consistent with the log up to that LSN). */
  BaseSnapshot snapshot();
}
