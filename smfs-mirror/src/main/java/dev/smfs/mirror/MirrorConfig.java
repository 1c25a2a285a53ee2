package dev.smfs.mirror;

import dev.smfs.server.store.VolumeConfig;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.TransportOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link MirrorServer}.
 *
 * @param dataDir the mirror's data directory (see the package doc for its layout)
 * @param listen UDP address to accept primaries on (port 0 picks one)
 * @param session window, timeouts (FEC parameters are the client's)
 * @param options metrics, packet events, pipeline hook (test seam)
 * @param volume log and limits of each replica volume
 * @param minFreeBytes ATTACH of a new replica is refused with DISK_FULL below this free space
 * @param sweepInterval how often dead sealed segments of the replicas are deleted
 */
public record MirrorConfig(
    Path dataDir,
    InetSocketAddress listen,
    SessionConfig session,
    TransportOptions options,
    VolumeConfig volume,
    long minFreeBytes,
    Duration sweepInterval) {
  public MirrorConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(volume, "volume");
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be > 0: " + sweepInterval);
    }
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("minFreeBytes must be >= 0: " + minFreeBytes);
    }
  }

  /** Default session, options, volume config; 64 MiB minimum free space; sweep every 10 s. */
  public static MirrorConfig of(Path dataDir, InetSocketAddress listen) {
    return new MirrorConfig(
        dataDir,
        listen,
        SessionConfig.defaults(),
        TransportOptions.defaults(),
        VolumeConfig.defaults(),
        64L << 20,
        Duration.ofSeconds(10));
  }

  public MirrorConfig withSession(SessionConfig v) {
    return new MirrorConfig(dataDir, listen, v, options, volume, minFreeBytes, sweepInterval);
  }

  public MirrorConfig withOptions(TransportOptions v) {
    return new MirrorConfig(dataDir, listen, session, v, volume, minFreeBytes, sweepInterval);
  }

  public MirrorConfig withVolume(VolumeConfig v) {
    return new MirrorConfig(dataDir, listen, session, options, v, minFreeBytes, sweepInterval);
  }

  public MirrorConfig withMinFreeBytes(long v) {
    return new MirrorConfig(dataDir, listen, session, options, volume, v, sweepInterval);
  }

  public MirrorConfig withSweepInterval(Duration v) {
    return new MirrorConfig(dataDir, listen, session, options, volume, minFreeBytes, v);
  }
}
