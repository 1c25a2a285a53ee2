package dev.smfs.server.ship;

import dev.smfs.server.cleaner.RetentionPolicy;
import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.safety.DeferredDurability;
import dev.smfs.server.safety.Durabilities;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A primary volume with its shipper: what {@code smfs mount --mirror} serves. Opens the {@link
 * LogVolume}, registers it with a new {@link Shipper}, starts shipping and installs the safety
 * level. {@link #close()} stops shipping before closing the volume (the sender reads its log).
 *
 * <pre>{@code
 * ShipperConfig sc = ShipperConfig.fromFlags(mirror, fec, interleave, rateMbit, UUID.randomUUID());
 * try (MirroredVolume m = MirroredVolume.open(dataDir, VolumeConfig.defaults(), Clock.systemUTC(),
 *     SafetyLevel.parse(safety), sc, minRepairs, remoteTimeout)) {
 *   serve(m.volume());      // a cleaner, if any, takes m.retention()
 * }
 * }</pre>
 *
 * <p>Thread-safety: as {@link LogVolume} and {@link Shipper}.
 */
public final class MirroredVolume implements AutoCloseable {
  private final LogVolume volume;
  private final Shipper shipper;
  private final ShippedVolume shipped;

  private MirroredVolume(LogVolume volume, Shipper shipper, ShippedVolume shipped) {
    this.volume = volume;
    this.shipper = shipper;
    this.shipped = shipped;
  }

  /**
   * @param minRepairs k of network-sync; null means the FEC's c
   * @param remoteTimeout how long remote-sync waits for the mirror before EIO; null means {@link
   *     dev.smfs.server.safety.RemoteSync#DEFAULT_TIMEOUT}
   * @throws IOException if the volume cannot be opened (directory in use, corrupt log...)
   */
  public static MirroredVolume open(
      Path dataDir,
      VolumeConfig config,
      Clock clock,
      SafetyLevel level,
      ShipperConfig shipperConfig,
      Integer minRepairs,
      Duration remoteTimeout)
      throws IOException {
    int k = minRepairs != null ? minRepairs : shipperConfig.session().fec().c();
    if (k < 0 || k > shipperConfig.session().fec().c()) {
      throw new IllegalArgumentException(
          "min-repairs must be in [0, c]: minRepairs="
              + k
              + " c="
              + shipperConfig.session().fec().c());
    }
    Duration timeout =
        remoteTimeout != null ? remoteTimeout : dev.smfs.server.safety.RemoteSync.DEFAULT_TIMEOUT;
    DeferredDurability durability = new DeferredDurability();
    // The log's meters go where the shipper's go (the daemon's registry): untagged, one volume.
    LogVolume volume =
        LogVolume.open(
            dataDir,
            config,
            clock,
            durability,
            new LogMetrics(shipperConfig.options().metrics().registry()));
    Shipper shipper = new Shipper(shipperConfig);
    try {
      ShippedVolume shipped =
          shipper.add(volume.uuid(), volume::epoch, volume.log(), volume::baseSnapshot);
      durability.set(Durabilities.forLevel(level, shipped, k, timeout));
      shipper.start();
      return new MirroredVolume(volume, shipper, shipped);
    } catch (RuntimeException e) {
      shipper.close();
      volume.close();
      throw e;
    }
  }

  public LogVolume volume() {
    return volume;
  }

  public Shipper shipper() {
    return shipper;
  }

  public ShippedVolume shipped() {
    return shipped;
  }

  /** For the volume's cleaner: keep segments the mirror has not made durable. */
  public RetentionPolicy retention() {
    return shipped.retention();
  }

  /** Stops shipping, then closes the volume (making it durable locally). */
  @Override
  public void close() {
    try {
      shipper.close();
    } finally {
      volume.close();
    }
  }
}
