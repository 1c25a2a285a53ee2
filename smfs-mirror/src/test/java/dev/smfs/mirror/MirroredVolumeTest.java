package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.MirroredVolume;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one-call primary setup a mirrored mount uses. */
@Timeout(60)
class MirroredVolumeTest {
  @TempDir Path dir;

  @Test
  void remoteSyncMountWritesAreOnTheMirrorWhenTheyReturn() throws Exception {
    try (MirrorServer m =
        MirrorServer.start(
            MirrorConfig.of(dir.resolve("mirror"), new InetSocketAddress("127.0.0.1", 0))
                .withSession(MiniCluster.SESSION)
                .withMinFreeBytes(0))) {
      String addr = "127.0.0.1:" + m.address().getPort();
      ShipperConfig sc = ShipperConfig.fromFlags(addr, "8,3", null, null, UUID.randomUUID());
      try (MirroredVolume p =
          MirroredVolume.open(
              dir.resolve("primary"),
              VolumeConfig.defaults(),
              new TestClock(),
              SafetyLevel.REMOTE_SYNC,
              sc,
              null,
              null)) {
        InodeAttr f = p.volume().create(Volume.ROOT, "f", 0644, 0, 0);
        p.volume().write(f.ino(), 0, ByteBuffer.wrap(new byte[5000]));
        assertTrue(m.status().get(0).durableLsn() >= p.volume().lastLsn());
        assertEquals(
            TreeSnapshot.of(p.volume()), TreeSnapshot.of(m.replicaVolume(p.volume().uuid())));
      }
    }
  }

  @Test
  void minRepairsAboveCIsRejected() {
    ShipperConfig sc = ShipperConfig.fromFlags("127.0.0.1:9", "8,2", null, null, new UUID(1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MirroredVolume.open(
                dir.resolve("p"),
                VolumeConfig.defaults(),
                new TestClock(),
                SafetyLevel.NETWORK_SYNC,
                sc,
                3,
                null));
  }
}
