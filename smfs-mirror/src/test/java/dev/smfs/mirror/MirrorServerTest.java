package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.ship.RefuseReason;
import dev.smfs.server.ship.ReplicationUnavailableException;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mirror without an emulator: several volumes on one session, refusals, status. */
@Timeout(120)
class MirrorServerTest {
  @TempDir Path dir;

  private MirrorServer mirror(long minFreeBytes) throws Exception {
    return MirrorServer.start(
        MirrorConfig.of(dir.resolve("mirror"), new InetSocketAddress("127.0.0.1", 0))
            .withSession(MiniCluster.SESSION)
            .withMinFreeBytes(minFreeBytes));
  }

  private LogVolume primary(String name) throws Exception {
    return LogVolume.open(
        dir.resolve(name), VolumeConfig.defaults(), new TestClock(), Durability.ASYNC);
  }

  @Test
  void twoVolumesShareOneSessionAndBothReplicate() throws Exception {
    try (MirrorServer m = mirror(0);
        LogVolume a = primary("a");
        LogVolume b = primary("b");
        Shipper s =
            new Shipper(
                ShipperConfig.of(m.address(), UUID.randomUUID())
                    .withSession(MiniCluster.SESSION))) {
      ShippedVolume va = s.add(a.uuid(), a::epoch, a.log());
      ShippedVolume vb = s.add(b.uuid(), b::epoch, b.log());
      s.start();
      ReplicationTest.workload(a, 21, 10);
      ReplicationTest.workload(b, 22, 10);
      va.kick();
      vb.kick();
      va.durable(a.lastLsn()).get(30, TimeUnit.SECONDS);
      vb.durable(b.lastLsn()).get(30, TimeUnit.SECONDS);
      assertEquals(TreeSnapshot.of(a), TreeSnapshot.of(m.replicaVolume(a.uuid())));
      assertEquals(TreeSnapshot.of(b), TreeSnapshot.of(m.replicaVolume(b.uuid())));
      List<ReplicaStatus> st = m.status();
      assertEquals(2, st.size());
      for (ReplicaStatus r : st) {
        assertEquals(r.lastLsn(), r.durableLsn());
      }
    }
  }

  @Test
  void newReplicaIsRefusedWhenTheDiskIsFull() throws Exception {
    try (MirrorServer m = mirror(Long.MAX_VALUE);
        LogVolume a = primary("a");
        Shipper s =
            new Shipper(
                ShipperConfig.of(m.address(), UUID.randomUUID())
                    .withSession(MiniCluster.SESSION))) {
      ShippedVolume v = s.add(a.uuid(), a::epoch, a.log());
      var pending = v.covered(a.lastLsn(), 1);
      s.start();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS));
      assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
      assertEquals(RefuseReason.DISK_FULL, v.status().refused());
      assertEquals(List.of(), m.status());
      assertNull(m.replicaVolume(a.uuid()));
    }
  }

  @Test
  void deadReplicaSegmentsAreDeletedAndTheTreeStaysEqual() throws Exception {
    // 64 KiB writes, 4 per segment
    VolumeConfig small =
        new VolumeConfig(
            new dev.smfs.server.log.LogConfig(300_000, 70_000),
            VolumeConfig.DEFAULT_CAPACITY_BYTES,
            VolumeConfig.DEFAULT_MAX_INODES,
            64 << 10);
    try (MirrorServer m =
            MirrorServer.start(
                MirrorConfig.of(dir.resolve("mirror"), new InetSocketAddress("127.0.0.1", 0))
                    .withSession(MiniCluster.SESSION)
                    .withVolume(small)
                    .withMinFreeBytes(0)
                    .withSweepInterval(Duration.ofHours(1)));
        LogVolume a = LogVolume.open(dir.resolve("a"), small, new TestClock(), Durability.ASYNC);
        Shipper s =
            new Shipper(
                ShipperConfig.of(m.address(), UUID.randomUUID())
                    .withSession(MiniCluster.SESSION))) {
      ShippedVolume v = s.add(a.uuid(), a::epoch, a.log());
      s.start();
      long ino = a.create(dev.smfs.server.volume.Volume.ROOT, "f", 0644, 0, 0).ino();
      for (int i = 0; i < 12; i++) { // the same 64 KiB again and again: old segments die
        a.write(ino, 0, java.nio.ByteBuffer.wrap(new byte[64 << 10]));
      }
      v.kick();
      v.durable(a.lastLsn()).get(60, TimeUnit.SECONDS);
      var replica = (LogVolume) m.replicaVolume(a.uuid());
      assertEquals(1, replica.log().firstLsn());
      m.committer().sweep(); // the periodic sweep is an hour away: run it now
      org.junit.jupiter.api.Assertions.assertTrue(
          replica.log().firstLsn() > 1, "the sweep deleted the oldest replica segment");
      assertEquals(TreeSnapshot.of(a), TreeSnapshot.of(replica));
    }
  }

  @Test
  void replicasSurviveAMirrorRestart() throws Exception {
    UUID id;
    TreeSnapshot tree;
    try (MirrorServer m = mirror(0);
        LogVolume a = primary("a");
        Shipper s =
            new Shipper(
                ShipperConfig.of(m.address(), UUID.randomUUID())
                    .withSession(MiniCluster.SESSION)
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)))) {
      ShippedVolume v = s.add(a.uuid(), a::epoch, a.log());
      s.start();
      ReplicationTest.workload(a, 23, 8);
      v.kick();
      v.durable(a.lastLsn()).get(30, TimeUnit.SECONDS);
      id = a.uuid();
      tree = TreeSnapshot.of(a);
    }
    try (MirrorServer m = mirror(0)) {
      assertEquals(tree, TreeSnapshot.of(m.replicaVolume(id)));
      assertNull(m.status().get(0).primary());
    }
  }
}
