package dev.smfs.cli;

import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.ShipperConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code smfs mount --mirror} was asked for, validated at the command line.
 *
 * @param shipper the shipper's settings ({@link ShipperConfig#fromFlags})
 * @param level the server-side safety level of the mount
 * @param minRepairs k of network-sync, 0..c
 * @param remoteTimeout how long remote-sync waits for the mirror before the write fails (EIO)
 */
record MirrorOptions(
    ShipperConfig shipper, SafetyLevel level, int minRepairs, Duration remoteTimeout) {
  MirrorOptions {
    Objects.requireNonNull(shipper, "shipper");
    Objects.requireNonNull(level, "level");
    int c = shipper.session().fec().c();
    if (minRepairs < 0 || minRepairs > c) {
      throw new IllegalArgumentException(
          "min-repairs must be in [0,c]: minRepairs=" + minRepairs + " c=" + c);
    }
    if (remoteTimeout.isNegative() || remoteTimeout.isZero()) {
      throw new IllegalArgumentException("remote timeout must be > 0: timeout=" + remoteTimeout);
    }
  }
}
