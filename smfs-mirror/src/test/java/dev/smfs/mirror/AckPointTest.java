package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.LinkHold;
import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketType;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.wan.Direction;
import dev.smfs.transport.wan.PacketFilter;
import dev.smfs.transport.wan.WanProfile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each safety level returns exactly at its ack point: the link is held at a chosen packet kind, the
 * test waits until such packets are held (a deterministic signal), checks the write has not
 * returned, releases, and checks it returns.
 */
@Timeout(120)
class AckPointTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private final ExecutorService writer = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    writer.shutdownNow();
  }

  private CompletableFuture<Void> writeAsync(Volume v, long ino) {
    return CompletableFuture.runAsync(
        () -> v.write(ino, 0, ByteBuffer.wrap(new byte[3000])), writer);
  }

  /** Holds every DATA packet the mirror sends (control: ATTACHED, DURABLE). */
  private static final PacketFilter HOLD_MIRROR_DATA =
      p ->
          (p.get(p.position() + PacketCodec.OFFSET_TYPE) & 0xFF) == PacketType.DATA.code()
              ? PacketFilter.Action.HOLD
              : PacketFilter.Action.PASS;

  @Test
  void networkSyncWriteWaitsForItsRepairPackets() throws Exception {
    LinkHold hold = new LinkHold();
    try (MiniCluster c =
        MiniCluster.start(
            dir, WanProfile.PERFECT, TransportOptions.defaults().withPipelineHook(hold))) {
      c.setLevel(SafetyLevel.NETWORK_SYNC, 1, Duration.ofSeconds(30));
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      hold.arm();
      CompletableFuture<Void> w = writeAsync(c.primary(), f.ino());
      boolean doneWhileHeld;
      try {
        assertTrue(hold.awaitHeldRepairs(1, WAIT), "a repair was emitted and held");
        doneWhileHeld = w.isDone();
      } finally {
        hold.release();
      }
      assertFalse(doneWhileHeld, "network-sync returned without its repairs on the wire");
      w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void localSyncWriteDoesNotWaitForRepairs() throws Exception {
    LinkHold hold = new LinkHold();
    try (MiniCluster c =
        MiniCluster.start(
            dir, WanProfile.PERFECT, TransportOptions.defaults().withPipelineHook(hold))) {
      c.setLevel(SafetyLevel.LOCAL_SYNC, 1, Duration.ofSeconds(30));
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      hold.arm();
      try {
        writeAsync(c.primary(), f.ino()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        c.shipped().covered(c.primary().lastLsn(), 1); // someone awaits: linger flushes repairs
        assertTrue(hold.awaitHeldRepairs(1, WAIT), "repairs were held while the write returned");
      } finally {
        hold.release();
      }
    }
  }

  @Test
  void remoteSyncWriteWaitsForTheMirrorsDurableAck() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.setLevel(SafetyLevel.REMOTE_SYNC, 1, Duration.ofSeconds(60));
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      long before = c.primary().lastLsn();
      c.wan().setFilter(Direction.DOWNSTREAM, HOLD_MIRROR_DATA);
      CompletableFuture<Void> w = writeAsync(c.primary(), f.ino());
      boolean doneWhileHeld;
      try {
        assertTrue(
            c.wan().awaitCounters(Direction.DOWNSTREAM, s -> s.heldNow() >= 1, WAIT),
            "the mirror's DURABLE was held");
        assertTrue(c.replicaStatus().durableLsn() > before, "the mirror made the write durable");
        doneWhileHeld = w.isDone();
      } finally {
        c.wan().setFilter(Direction.DOWNSTREAM, null);
        c.wan().releaseHeld(Direction.DOWNSTREAM);
      }
      assertFalse(doneWhileHeld, "remote-sync returned before the mirror's DURABLE arrived");
      w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void networkSyncWriteDoesNotWaitForDurableAcks() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir)) {
      c.setLevel(SafetyLevel.NETWORK_SYNC, 3, Duration.ofSeconds(60));
      InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
      c.wan().setFilter(Direction.DOWNSTREAM, HOLD_MIRROR_DATA);
      try {
        writeAsync(c.primary(), f.ino()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(
            c.wan().awaitCounters(Direction.DOWNSTREAM, s -> s.heldNow() >= 1, WAIT),
            "a DURABLE was held while the write returned");
      } finally {
        c.wan().setFilter(Direction.DOWNSTREAM, null);
        c.wan().releaseHeld(Direction.DOWNSTREAM);
      }
    }
  }
}
