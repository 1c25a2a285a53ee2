package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.log.SegmentInfo;
import dev.smfs.server.testing.CleanedVolumes;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica built from a base: a primary's index state plus its retained records. */
class ReplicaBaseTest {
  static final VolumeConfig CONFIG = CleanedVolumes.SMALL_SEGMENTS;

  @TempDir Path dir;

  static LogVolume cleanedPrimary(Path dir, VolumeConfig config, long seed) throws IOException {
    return CleanedVolumes.cleanedPrimary(dir, config, seed);
  }

  private static void copy(LogVolume from, LogVolume to, long fromLsn, long toLsn)
      throws IOException {
    try (LogScanner s = from.log().scan(fromLsn)) {
      while (s.hasNext()) {
        LogRecord r = s.next();
        if (r.lsn() > toLsn) {
          return;
        }
        to.ingest(r.lsn(), r.type(), r.payload());
      }
    }
  }

  /** What the sender and the mirror do, minus the network; entries installed in two parts. */
  static void transferBase(LogVolume p, LogVolume r) throws IOException {
    long first = p.log().firstLsn();
    r.beginBase(first, p.uuid(), p.epoch());
    BaseSnapshot base = p.baseSnapshot();
    copy(p, r, first, base.lsn());
    List<BaseEntry> e = base.entries();
    r.installBase(base.lsn(), e.subList(0, e.size() / 2));
    r.installBase(base.lsn(), e.subList(e.size() / 2, e.size()));
    r.endBase(base.lsn(), e.size());
  }

  private LogVolume replica() throws IOException {
    return LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults());
  }

  @Test
  void replicaFromABaseHasThePrimarysTreeAndFollowsItsLaterRecords() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 1);
        LogVolume r = replica()) {
      transferBase(p, r);
      assertEquals(
          TreeSnapshot.of(p), TreeSnapshot.of(r), TreeSnapshot.of(p).diff(TreeSnapshot.of(r)));
      assertEquals(p.uuid(), r.uuid());
      assertEquals(p.epoch(), r.epoch());
      assertEquals(p.log().firstLsn(), r.log().firstLsn());
      long before = p.lastLsn();
      InodeAttr g = p.create(Volume.ROOT, "later", 0644, 0, 0);
      p.write(g.ino(), 5, ByteBuffer.wrap(new byte[] {7, 8, 9}));
      p.unlink(Volume.ROOT, "hard");
      copy(p, r, before + 1, Long.MAX_VALUE);
      assertEquals(
          TreeSnapshot.of(p), TreeSnapshot.of(r), TreeSnapshot.of(p).diff(TreeSnapshot.of(r)));
    }
  }

  @Test
  void replicaFromABasePassesFsckAndReopensWithTheSameTree() throws Exception {
    TreeSnapshot tree;
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 2);
        LogVolume r = replica()) {
      transferBase(p, r);
      tree = TreeSnapshot.of(p);
    }
    assertEquals(List.of(), Fsck.check(dir.resolve("r")).problems());
    try (LogVolume r = replica()) {
      assertEquals(tree, TreeSnapshot.of(r));
    }
  }

  @Test
  void unfinishedBaseIsDiscardedWhenTheReplicaReopens() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 3)) {
      try (LogVolume r = replica()) {
        r.beginBase(p.log().firstLsn(), p.uuid(), p.epoch());
        copy(p, r, p.log().firstLsn(), p.lastLsn());
        assertTrue(r.basePending());
      }
      try (LogVolume r = replica()) {
        assertEquals(0, r.lastLsn());
        assertFalse(r.basePending());
        transferBase(p, r); // and it can take a base again
        assertEquals(TreeSnapshot.of(p), TreeSnapshot.of(r));
      }
    }
  }

  @Test
  void replicaHoldingRecordsRefusesABase() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 4);
        LogVolume r = replica()) {
      transferBase(p, r);
      assertThrows(
          IllegalStateException.class, () -> r.beginBase(p.log().firstLsn(), p.uuid(), p.epoch()));
    }
  }

  @Test
  void baseIsRefusedBeforeTheReplicaHoldsEveryRecordUpToIt() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 5);
        LogVolume r = replica()) {
      long first = p.log().firstLsn();
      r.beginBase(first, p.uuid(), p.epoch());
      BaseSnapshot base = p.baseSnapshot();
      copy(p, r, first, base.lsn() - 1);
      assertThrows(IllegalStateException.class, () -> r.installBase(base.lsn(), base.entries()));
      assertThrows(IllegalStateException.class, () -> r.endBase(base.lsn(), base.entries().size()));
    }
  }

  @Test
  void baseWithMissingEntriesIsRefused() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 6);
        LogVolume r = replica()) {
      long first = p.log().firstLsn();
      r.beginBase(first, p.uuid(), p.epoch());
      BaseSnapshot base = p.baseSnapshot();
      copy(p, r, first, base.lsn());
      List<BaseEntry> e = base.entries();
      r.installBase(base.lsn(), e.subList(1, e.size()));
      assertThrows(IllegalStateException.class, () -> r.endBase(base.lsn(), e.size()));
      assertTrue(r.basePending());
    }
  }

  @Test
  void segmentsOfAReplicaInstallingABaseAreNeverDeleted() throws Exception {
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 7);
        LogVolume r = LogVolume.openReplica(dir.resolve("r"), CONFIG)) {
      r.beginBase(p.log().firstLsn(), p.uuid(), p.epoch());
      copy(p, r, p.log().firstLsn(), p.lastLsn());
      for (SegmentInfo s : r.log().segments()) {
        assertFalse(r.deleteSegmentIfDead(s.id()), "segment=" + s.id());
      }
    }
  }

  @Test
  void aBaseIsCutUnderTheLockAndCopiedWhileWritesGoOn() throws Exception {
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (LogVolume p = cleanedPrimary(dir.resolve("p"), CONFIG, 1);
        LogVolume r = replica()) {
      long cut = p.lastLsn();
      BaseSnapshot base =
          p.baseSnapshot(
              () -> {
                // another thread's mutation completes while the copy has not read its view yet:
                // the copy holds no volume lock
                try {
                  writer
                      .submit(() -> p.create(Volume.ROOT, "during-copy", 0644, 0, 0))
                      .get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new AssertionError("the write waited for the base copy", e);
                }
              });
      assertEquals(cut, base.lsn());
      assertTrue(p.lastLsn() > cut, "the write during the copy was not logged");
      long first = p.log().firstLsn();
      r.beginBase(first, p.uuid(), p.epoch());
      copy(p, r, first, base.lsn());
      r.installBase(base.lsn(), base.entries());
      r.endBase(base.lsn(), base.entries().size());
      // the base is the cut: the file created during the copy is not in it
      assertNotEquals(TreeSnapshot.of(p), TreeSnapshot.of(r));
      copy(p, r, base.lsn() + 1, Long.MAX_VALUE);
      assertEquals(
          TreeSnapshot.of(p), TreeSnapshot.of(r), TreeSnapshot.of(p).diff(TreeSnapshot.of(r)));
    } finally {
      writer.shutdownNow();
    }
  }
}
