package dev.smfs.mirror;

import java.util.Objects;
import java.util.UUID;

/**
 * One replica as the mirror sees it.
 *
 * @param primary node uuid of the attached primary, or null when none is attached
 */
public record ReplicaStatus(UUID volume, long epoch, long lastLsn, long durableLsn, UUID primary) {
  public ReplicaStatus {
    Objects.requireNonNull(volume, "volume");
  }
}
