package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.ReplicationState;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.wan.WanProfile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Writes on a primary reach the mirror at every safety level; the trees end up equal. */
@Timeout(120)
class ReplicationTest {
  private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(30);
  @TempDir Path dir;

  /** A small deterministic workload: directories, files of varied sizes, renames, unlinks. */
  static void workload(Volume v, long seed, int files) {
    Random rnd = new Random(seed);
    InodeAttr d = v.mkdir(Volume.ROOT, "d" + seed, 0755, 0, 0);
    for (int i = 0; i < files; i++) {
      InodeAttr f = v.create(d.ino(), "f" + i, 0644, 0, 0);
      byte[] data = new byte[rnd.nextInt(i % 4 == 0 ? 20_000 : 3_000)];
      rnd.nextBytes(data);
      v.write(f.ino(), rnd.nextInt(100), ByteBuffer.wrap(data));
      if (i % 5 == 1) {
        v.rename(d.ino(), "f" + i, Volume.ROOT, "moved" + seed + "_" + i);
      } else if (i % 7 == 3) {
        v.unlink(d.ino(), "f" + i);
      }
    }
  }

  @Test
  void localSyncWritesArriveAndTreesAreEqual() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.setLevel(SafetyLevel.LOCAL_SYNC, 3, REMOTE_TIMEOUT);
      workload(c.primary(), 1, 30);
      c.awaitMirrorCaughtUp();
      assertEquals(c.primaryTree(), c.mirrorTree(), c.primaryTree().diff(c.mirrorTree()));
      assertEquals(c.primary().lastLsn(), c.replicaStatus().durableLsn());
    }
  }

  @Test
  void networkSyncOverALossyLinkKeepsTreesEqual() throws Exception {
    WanProfile lossy = WanProfile.PERFECT.withLoss(0.02).withSeed(11);
    try (MiniCluster c = MiniCluster.start(dir, lossy, TransportOptions.defaults())) {
      c.setLevel(SafetyLevel.NETWORK_SYNC, 3, REMOTE_TIMEOUT);
      workload(c.primary(), 2, 40);
      c.awaitMirrorCaughtUp();
      assertEquals(c.primaryTree(), c.mirrorTree(), c.primaryTree().diff(c.mirrorTree()));
      assertTrue(c.wan().counters(dev.smfs.transport.wan.Direction.UPSTREAM).droppedLoss() > 0);
    }
  }

  @Test
  void remoteSyncWriteReturnsOnlyOnceTheMirrorHoldsItDurably() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.setLevel(SafetyLevel.REMOTE_SYNC, 3, REMOTE_TIMEOUT);
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      for (int i = 0; i < 20; i++) {
        c.primary().write(f.ino(), i * 1000L, ByteBuffer.wrap(new byte[1000]));
        assertTrue(c.replicaStatus().durableLsn() >= c.primary().lastLsn());
      }
      assertEquals(c.primaryTree(), c.mirrorTree());
    }
  }

  @Test
  void replicaIsReadOnlyThroughTheVolumeApi() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.primary().mkdir(Volume.ROOT, "a", 0755, 0, 0);
      c.awaitMirrorCaughtUp();
      assertTrue(c.replica().lookup(Volume.ROOT, "a").ino() > 0);
      FsException e =
          assertThrows(FsException.class, () -> c.replica().mkdir(Volume.ROOT, "b", 0755, 0, 0));
      assertEquals(Errno.EROFS, e.errno());
    }
  }

  @Test
  void shipperReportsConnectedOnceCaughtUp() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      workload(c.primary(), 3, 5);
      c.awaitMirrorCaughtUp();
      assertEquals(ReplicationState.CONNECTED, c.shipper().state());
      var st = c.shipped().status();
      assertEquals(0, st.lagRecords());
      assertEquals(c.primary().lastLsn(), st.mirrorDurableLsn());
      assertFalse(st.mirror().isEmpty());
    }
  }
}
