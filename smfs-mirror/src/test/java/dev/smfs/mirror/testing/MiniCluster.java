package dev.smfs.mirror.testing;

import dev.smfs.mirror.MirrorConfig;
import dev.smfs.mirror.MirrorServer;
import dev.smfs.mirror.ReplicaStatus;
import dev.smfs.server.safety.DeferredDurability;
import dev.smfs.server.safety.Durabilities;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanEmulator;
import dev.smfs.transport.wan.WanProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Primary LogVolume + Shipper → WAN emulator → MirrorServer, in one process, on loopback. The
 * primary's {@link DeferredDurability} lets a test switch safety levels on a live volume.
 */
public final class MiniCluster implements AutoCloseable {
  /** Liveness fast enough that a dead mirror is noticed within a test. */
  public static final SessionConfig SESSION =
      SessionConfig.defaults()
          .withLiveness(Duration.ofMillis(50), Duration.ofMillis(500))
          .withConnectTimeout(Duration.ofMillis(500));

  private final Path root;
  private final WanProfile profile;
  private final TransportOptions primaryOptions;
  private final VolumeConfig volumeConfig = VolumeConfig.withSegmentBytes(4 << 20);
  public final DeferredDurability durability = new DeferredDurability();
  private MirrorServer mirror;
  private InetSocketAddress mirrorAddress;
  private WanEmulator wan;
  private LogVolume primary;
  private Shipper shipper;
  private ShippedVolume shipped;

  private MiniCluster(Path root, WanProfile profile, TransportOptions primaryOptions) {
    this.root = root;
    this.profile = profile;
    this.primaryOptions = primaryOptions;
  }

  /** Starts mirror, emulator (same profile both ways) and primary; waits until attached. */
  public static MiniCluster start(Path root, WanProfile profile, TransportOptions primaryOptions)
      throws Exception {
    MiniCluster c = new MiniCluster(root, profile, primaryOptions);
    try {
      c.startMirror(new InetSocketAddress("127.0.0.1", 0));
      c.wan =
          WanEmulator.start(
              WanConfig.symmetric(new InetSocketAddress("127.0.0.1", 0), c.mirrorAddress, profile));
      c.primary =
          LogVolume.open(root.resolve("primary"), c.volumeConfig, new TestClock(), c.durability);
      c.shipper = c.shipperTo(c.wan.listenAddress());
      c.shipped = c.shipper.add(c.primary.uuid(), c.primary::epoch, c.primary.log());
      c.shipper.start();
      if (!c.shipper.awaitAttached(Duration.ofSeconds(20))) {
        throw new IllegalStateException("primary did not attach");
      }
    } catch (Exception e) {
      c.close();
      throw e;
    }
    return c;
  }

  public static MiniCluster start(Path root) throws Exception {
    return start(root, WanProfile.PERFECT, TransportOptions.defaults());
  }

  /**
   * Another primary's shipper, connected straight to the mirror (the emulator relays one client
   * only), for fencing tests.
   */
  public Shipper newShipper() {
    return shipperTo(mirrorAddress);
  }

  private Shipper shipperTo(InetSocketAddress address) {
    return new Shipper(
        ShipperConfig.of(address, UUID.randomUUID())
            .withSession(SESSION)
            .withOptions(primaryOptions)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  public VolumeConfig volumeConfig() {
    return volumeConfig;
  }

  public Path mirrorDir() {
    return root.resolve("mirror");
  }

  public void startMirror(InetSocketAddress listen) throws IOException {
    mirror =
        MirrorServer.start(
            MirrorConfig.of(mirrorDir(), listen)
                .withSession(SESSION)
                .withVolume(volumeConfig)
                .withMinFreeBytes(0));
    mirrorAddress = mirror.address();
  }

  /** Restarts the mirror on its old port (the emulator forwards there). */
  public void restartMirror() throws IOException {
    startMirror(mirrorAddress);
  }

  public void stopMirror() {
    mirror.close();
  }

  public void setLevel(SafetyLevel level, int minRepairs, Duration remoteTimeout) {
    durability.set(Durabilities.forLevel(level, shipped, minRepairs, remoteTimeout));
  }

  public LogVolume primary() {
    return primary;
  }

  public Shipper shipper() {
    return shipper;
  }

  public ShippedVolume shipped() {
    return shipped;
  }

  public MirrorServer mirror() {
    return mirror;
  }

  public WanEmulator wan() {
    return wan;
  }

  public ReplicaStatus replicaStatus() {
    return mirror.status().stream()
        .filter(s -> s.volume().equals(primary.uuid()))
        .findFirst()
        .orElseThrow();
  }

  public Volume replica() {
    return mirror.replicaVolume(primary.uuid());
  }

  /** Waits until the mirror durably holds everything the primary has logged. */
  public void awaitMirrorCaughtUp() throws Exception {
    shipped.kick();
    shipped.durable(primary.lastLsn()).get(30, TimeUnit.SECONDS);
  }

  public TreeSnapshot primaryTree() {
    return TreeSnapshot.of(primary);
  }

  public TreeSnapshot mirrorTree() {
    return TreeSnapshot.of(replica());
  }

  @Override
  public void close() {
    if (shipper != null) {
      shipper.close();
    }
    if (primary != null) {
      primary.close();
    }
    if (wan != null) {
      wan.close();
    }
    if (mirror != null) {
      mirror.close();
    }
  }
}
