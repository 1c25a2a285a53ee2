package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.ship.BaseSource;
import dev.smfs.server.ship.RefuseReason;
import dev.smfs.server.ship.ReplicationState;
import dev.smfs.server.ship.ReplicationStatus;
import dev.smfs.server.ship.ReplicationUnavailableException;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.testing.CleanedVolumes;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resync: a new mirror attached to a volume whose first segments were cleaned gets the whole
 * volume; a replica that holds records but is behind the primary's first LSN is refused.
 */
@Timeout(120)
class ResyncTest {
  @TempDir Path dir;

  private MirrorServer mirror() throws Exception {
    return MirrorServer.start(
        MirrorConfig.of(dir.resolve("mirror"), new InetSocketAddress("127.0.0.1", 0))
            .withSession(MiniCluster.SESSION)
            .withMinFreeBytes(0));
  }

  private static Shipper shipper(MirrorServer m) {
    return new Shipper(
        ShipperConfig.of(m.address(), UUID.randomUUID())
            .withSession(MiniCluster.SESSION)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  private Path replicaDir(UUID volume) {
    return dir.resolve("mirror").resolve(MirrorServer.VOLUMES_DIR).resolve(volume.toString());
  }

  @Test
  void newMirrorOfACleanedVolumeGetsTheWholeVolumeAndFollowsIt() throws Exception {
    UUID id;
    TreeSnapshot tree;
    try (LogVolume p =
            CleanedVolumes.cleanedPrimary(dir.resolve("p"), CleanedVolumes.SMALL_SEGMENTS, 11);
        MirrorServer m = mirror();
        Shipper s = shipper(m)) {
      assertTrue(p.log().firstLsn() > 1, "firstLsn=" + p.log().firstLsn());
      id = p.uuid();
      ShippedVolume v = s.add(id, p::epoch, p.log(), p::baseSnapshot);
      s.start();
      v.durable(p.lastLsn()).get(30, TimeUnit.SECONDS);
      TreeSnapshot mirrored = TreeSnapshot.of(m.replicaVolume(id));
      assertEquals(TreeSnapshot.of(p), mirrored, TreeSnapshot.of(p).diff(mirrored));

      InodeAttr later = p.create(Volume.ROOT, "later", 0644, 0, 0);
      p.write(later.ino(), 0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      p.unlink(Volume.ROOT, "hard");
      v.kick();
      v.durable(p.lastLsn()).get(30, TimeUnit.SECONDS);
      tree = TreeSnapshot.of(p);
      assertEquals(tree, TreeSnapshot.of(m.replicaVolume(id)));
      ReplicationStatus st = v.status();
      assertEquals(ReplicationState.CONNECTED, st.state());
      assertEquals(0, st.lagRecords());
    }
    assertEquals(List.of(), Fsck.check(replicaDir(id)).problems());
    assertEquals(List.of(), Fsck.check(dir.resolve("p")).problems());
    try (MirrorServer m = mirror()) {
      assertEquals(tree, TreeSnapshot.of(m.replicaVolume(id)), "after a mirror restart");
    }
  }

  @Test
  void replicaHoldingRecordsBehindThePrimarysFirstLsnIsRefusedWithLogGap() throws Exception {
    try (LogVolume p =
            LogVolume.open(
                dir.resolve("p"),
                CleanedVolumes.SMALL_SEGMENTS,
                new TestClock(),
                Durability.ASYNC);
        MirrorServer m = mirror()) {
      Random rnd = new Random(12);
      long replicaLast;
      try (Shipper s = shipper(m)) {
        ShippedVolume v = s.add(p.uuid(), p::epoch, p.log(), p::baseSnapshot);
        s.start();
        p.mkdir(Volume.ROOT, "early", 0755, 0, 0);
        v.kick();
        v.durable(p.lastLsn()).get(30, TimeUnit.SECONDS);
        replicaLast = p.lastLsn();
      }
      long[] files = CleanedVolumes.populate(p, rnd);
      CleanedVolumes.overwriteUntilFirstSegmentIsGone(p, files, rnd); // the mirror is away
      assertTrue(p.log().firstLsn() > replicaLast + 1, "firstLsn=" + p.log().firstLsn());

      try (Shipper s = shipper(m)) {
        ShippedVolume v = s.add(p.uuid(), p::epoch, p.log(), p::baseSnapshot);
        var pending = v.covered(p.lastLsn(), 0);
        s.start();
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
        ReplicationStatus st = v.status();
        assertEquals(ReplicationState.DEGRADED, st.state());
        assertEquals(RefuseReason.LOG_GAP, st.refused());
        assertEquals(replicaLast, m.status().get(0).lastLsn(), "nothing applied past the gap");
      }
    }
  }

  @Test
  void primaryWithoutABaseSourceRefusesANewMirrorOfACleanedVolume() throws Exception {
    try (LogVolume p =
            CleanedVolumes.cleanedPrimary(dir.resolve("p"), CleanedVolumes.SMALL_SEGMENTS, 14);
        MirrorServer m = mirror();
        Shipper s = shipper(m)) {
      ShippedVolume v = s.add(p.uuid(), p::epoch, p.log());
      var pending = v.covered(p.lastLsn(), 0);
      s.start();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
      assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
      assertEquals(ReplicationState.DEGRADED, v.status().state());
      assertEquals(RefuseReason.LOG_GAP, v.status().refused());
      assertEquals(0, m.status().get(0).lastLsn());
    }
  }

  @Test
  void baseCutOffByTheSessionEndIsDiscardedAndSentAgain() throws Exception {
    try (LogVolume p =
            CleanedVolumes.cleanedPrimary(dir.resolve("p"), CleanedVolumes.SMALL_SEGMENTS, 13);
        MirrorServer m = mirror()) {
      CountDownLatch never = new CountDownLatch(1);
      try (Shipper s = shipper(m)) {
        BaseSource stuck =
            () -> {
              try {
                never.await(); // the records went out, the base never does
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("base source stopped");
            };
        s.add(p.uuid(), p::epoch, p.log(), stuck);
        s.start();
        awaitReplicaLastLsn(m, p.lastLsn());
        assertEquals(0, m.status().get(0).durableLsn(), "no DURABLE while the base is pending");
      }
      try (Shipper s = shipper(m)) {
        ShippedVolume v = s.add(p.uuid(), p::epoch, p.log(), p::baseSnapshot);
        s.start();
        v.durable(p.lastLsn()).get(30, TimeUnit.SECONDS);
        assertEquals(TreeSnapshot.of(p), TreeSnapshot.of(m.replicaVolume(p.uuid())));
      }
    }
  }

  /** Bounded wait for the mirror to have stored every record up to {@code lsn}. */
  private static void awaitReplicaLastLsn(MirrorServer m, long lsn) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (m.status().isEmpty() || m.status().get(0).lastLsn() < lsn) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replica never reached lsn=" + lsn + " status=" + m.status());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
