package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.RefuseReason;
import dev.smfs.server.ship.ReplicationState;
import dev.smfs.server.ship.ReplicationUnavailableException;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mirror outages, catch-up, fencing and promotion. */
@Timeout(120)
class FailoverTest {
  @TempDir Path dir;

  private static void write(Volume v, long ino, long offset) {
    v.write(ino, offset, ByteBuffer.wrap(new byte[2000]));
  }

  @Test
  void mirrorOutageDegradesNetworkSyncFailsRemoteSyncAndCatchesUpAfter() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.setLevel(SafetyLevel.NETWORK_SYNC, 3, Duration.ofSeconds(30));
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      write(c.primary(), f.ino(), 0);
      c.stopMirror();
      assertTrue(c.shipper().awaitState(ReplicationState.DEGRADED, Duration.ofSeconds(20)));
      for (int i = 1; i <= 10; i++) {
        write(c.primary(), f.ino(), i * 2000L); // network-sync degraded: local durability only
      }
      c.setLevel(SafetyLevel.LOCAL_SYNC, 3, Duration.ofSeconds(30));
      write(c.primary(), f.ino(), 11 * 2000L);
      c.setLevel(SafetyLevel.REMOTE_SYNC, 3, Duration.ofMillis(300));
      FsException e = assertThrows(FsException.class, () -> write(c.primary(), f.ino(), 0));
      assertEquals(Errno.EIO, e.errno());
      assertTrue(c.shipped().status().lagRecords() > 0);
      assertTrue(c.shipped().status().lagBytes() > 0);

      c.setLevel(SafetyLevel.LOCAL_SYNC, 3, Duration.ofSeconds(30));
      c.restartMirror();
      c.awaitMirrorCaughtUp();
      assertEquals(c.primaryTree(), c.mirrorTree(), c.primaryTree().diff(c.mirrorTree()));
    }
  }

  @Test
  void secondPrimaryForAnAttachedVolumeIsRefused() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.primary().mkdir(Volume.ROOT, "a", 0755, 0, 0);
      try (Shipper other = c.newShipper()) {
        ShippedVolume v = other.add(c.primary().uuid(), c.primary()::epoch, c.primary().log());
        var pending = v.covered(c.primary().lastLsn(), 1);
        other.start();
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS));
        assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
        assertEquals(RefuseReason.FOREIGN_PRIMARY, v.status().refused());
      }
    }
  }

  @Test
  void refusedSecondPrimaryAttachesOnceTheFirstIsGone() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.primary().mkdir(Volume.ROOT, "a", 0755, 0, 0);
      c.awaitMirrorCaughtUp();
      try (Shipper other = c.newShipper()) {
        ShippedVolume v = other.add(c.primary().uuid(), c.primary()::epoch, c.primary().log());
        var refused = v.covered(c.primary().lastLsn() + 1, 1);
        other.start();
        assertThrows(ExecutionException.class, () -> refused.get(20, TimeUnit.SECONDS));
        c.shipper().close(); // the first primary goes away (CLOSE reaches the mirror)
        c.primary().mkdir(Volume.ROOT, "b", 0755, 0, 0);
        v.kick();
        v.durable(c.primary().lastLsn()).get(30, TimeUnit.SECONDS);
        assertEquals(c.primaryTree(), c.mirrorTree());
      }
    }
  }

  @Test
  void promotionBumpsTheEpochAndFencesTheOldPrimary() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      ReplicationTest.workload(c.primary(), 5, 20);
      c.awaitMirrorCaughtUp();
      TreeSnapshot before = c.primaryTree();
      long oldEpoch = c.primary().epoch();
      c.shipper().close();
      c.stopMirror();

      List<Promotion.Promoted> promoted = Promotion.promote(c.mirrorDir(), c.volumeConfig());
      assertEquals(1, promoted.size());
      assertEquals(oldEpoch + 1, promoted.get(0).newEpoch());
      try (LogVolume p =
          LogVolume.open(
              promoted.get(0).dataDir(),
              c.volumeConfig(),
              new TestClock(),
              Durability.LOCAL_SYNC)) {
        assertEquals(before, TreeSnapshot.of(p), before.diff(TreeSnapshot.of(p)));
        assertEquals(oldEpoch + 1, p.epoch());
        assertEquals(c.primary().uuid(), p.uuid());
      }

      c.restartMirror();
      try (Shipper old = c.newShipper()) {
        ShippedVolume v = old.add(c.primary().uuid(), c.primary()::epoch, c.primary().log());
        var pending = v.covered(c.primary().lastLsn(), 1);
        old.start();
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS));
        assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
        assertEquals(RefuseReason.STALE_EPOCH, v.status().refused());
      }
    }
  }

  @Test
  void promoteRefusesARunningMirror() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.primary().mkdir(Volume.ROOT, "a", 0755, 0, 0);
      c.awaitMirrorCaughtUp();
      assertThrows(
          java.io.IOException.class, () -> Promotion.promote(c.mirrorDir(), c.volumeConfig()));
    }
  }
}
