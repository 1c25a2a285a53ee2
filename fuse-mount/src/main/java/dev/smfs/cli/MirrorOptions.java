package dev.smfs.cli;

import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.session.SessionConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code smfs mount --mirror} was asked for, validated at the command line.
 *
 * @param mirror the mirror's (or WAN emulator's) session address
 * @param level the server-side safety level of the mount
 * @param fec FEC parameters the primary proposes
 * @param rateBitsPerSecond pacing rate of the session
 * @param minRepairs k of network-sync, 0..c
 * @param remoteTimeout how long remote-sync waits for the mirror before the write fails (EIO)
 */
record MirrorOptions(
    InetSocketAddress mirror,
    SafetyLevel level,
    FecParams fec,
    long rateBitsPerSecond,
    int minRepairs,
    Duration remoteTimeout) {
  MirrorOptions {
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(fec, "fec");
    if (rateBitsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "rate must be > 0: rateBitsPerSecond=" + rateBitsPerSecond);
    }
    if (minRepairs < 0 || minRepairs > fec.c()) {
      throw new IllegalArgumentException(
          "min-repairs must be in [0,c]: minRepairs=" + minRepairs + " c=" + fec.c());
    }
    if (remoteTimeout.isNegative() || remoteTimeout.isZero()) {
      throw new IllegalArgumentException("remote timeout must be > 0: timeout=" + remoteTimeout);
    }
  }

  /** The session the shipper opens: the defaults with this FEC and rate. */
  SessionConfig session() {
    return SessionConfig.defaults().withFec(fec).withRateBitsPerSecond(rateBitsPerSecond);
  }
}
