package dev.smfs.server.safety;

import dev.smfs.server.ship.ShippedVolume;
import java.time.Duration;

/** Builds the {@link Durability} of a mount from its level and, when mirrored, its shipper. */
public final class Durabilities {
  private Durabilities() {}

  /** Without a mirror: ASYNC or LOCAL_SYNC only. */
  public static Durability forLevel(SafetyLevel level) {
    return switch (level) {
      case ASYNC -> Durability.ASYNC;
      case LOCAL_SYNC -> Durability.LOCAL_SYNC;
      default ->
          throw new IllegalArgumentException(
              "safety level needs a mirror: level=" + level.cliName());
    };
  }

  /**
   * With a mirror. Every level wakes the volume's sender after each operation so records ship at
   * once.
   *
   * @param minRepairs k of network-sync (default: the FEC's c)
   * @param remoteTimeout how long remote-sync waits for the mirror before EIO
   */
  public static Durability forLevel(
      SafetyLevel level, ShippedVolume volume, int minRepairs, Duration remoteTimeout) {
    return switch (level) {
      case ASYNC -> (log, lsn) -> volume.kick();
      case LOCAL_SYNC ->
          (log, lsn) -> {
            volume.kick();
            log.awaitDurable(lsn);
          };
      case NETWORK_SYNC -> new NetworkSync(volume, minRepairs);
      case REMOTE_SYNC -> new RemoteSync(volume, remoteTimeout);
    };
  }
}
