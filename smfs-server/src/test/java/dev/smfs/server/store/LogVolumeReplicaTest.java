package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogVolumeReplicaTest {
  @TempDir Path dir;

  private LogVolume primary() throws Exception {
    return LogVolume.open(
        dir.resolve("p"), VolumeConfig.defaults(), new TestClock(), Durability.ASYNC);
  }

  private static void copy(LogVolume from, LogVolume to, long fromLsn) throws Exception {
    try (LogScanner s = from.log().scan(fromLsn)) {
      while (s.hasNext()) {
        LogRecord r = s.next();
        to.ingest(r.lsn(), r.type(), r.payload());
      }
    }
  }

  @Test
  void ingestedLogGivesTheSameTree() throws Exception {
    try (LogVolume p = primary();
        LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
      InodeAttr d = p.mkdir(Volume.ROOT, "d", 0755, 1, 2);
      InodeAttr f = p.create(d.ino(), "f", 0644, 1, 2);
      p.write(f.ino(), 10, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      p.rename(d.ino(), "f", Volume.ROOT, "g");
      copy(p, r, 1);
      assertEquals(TreeSnapshot.of(p), TreeSnapshot.of(r));
      assertEquals(p.uuid(), r.uuid());
      assertEquals(p.lastLsn(), r.lastLsn());
    }
  }

  @Test
  void replicaReopensWithItsRecordsAndAppendsNothing() throws Exception {
    try (LogVolume p = primary()) {
      p.mkdir(Volume.ROOT, "d", 0755, 0, 0);
      try (LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
        assertEquals(0, r.lastLsn());
        copy(p, r, 1);
      }
      try (LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
        assertEquals(p.lastLsn(), r.lastLsn());
        assertEquals(TreeSnapshot.of(p), TreeSnapshot.of(r));
      }
    }
  }

  @Test
  void replicaRefusesMutationsWithErofs() throws Exception {
    try (LogVolume p = primary();
        LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
      copy(p, r, 1);
      FsException e = assertThrows(FsException.class, () -> r.mkdir(Volume.ROOT, "x", 0755, 0, 0));
      assertEquals(Errno.EROFS, e.errno());
    }
  }

  @Test
  void ingestRefusesAGap() throws Exception {
    try (LogVolume p = primary();
        LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
      p.mkdir(Volume.ROOT, "a", 0755, 0, 0);
      p.mkdir(Volume.ROOT, "b", 0755, 0, 0);
      try (LogScanner s = p.log().scan(1)) {
        LogRecord first = s.next();
        r.ingest(first.lsn(), first.type(), first.payload());
        s.next();
        LogRecord third = s.next();
        assertThrows(
            IllegalStateException.class,
            () -> r.ingest(third.lsn(), third.type(), third.payload()));
      }
      assertEquals(1, r.lastLsn());
    }
  }

  @Test
  void ingestOnAPrimaryIsRefused() throws Exception {
    try (LogVolume p = primary()) {
      assertThrows(
          IllegalStateException.class,
          () -> p.ingest(p.lastLsn() + 1, RecordType.FREE_INODE, ByteBuffer.allocate(9)));
    }
  }

  @Test
  void bumpEpochIsDurableAndShipsAsARecord() throws Exception {
    long lsn;
    try (LogVolume p = primary()) {
      assertEquals(1, p.epoch());
      assertEquals(2, p.bumpEpoch());
      lsn = p.lastLsn();
      try (LogVolume r = LogVolume.openReplica(dir.resolve("r"), VolumeConfig.defaults())) {
        copy(p, r, 1);
        assertEquals(2, r.epoch());
      }
    }
    try (LogVolume p = primary()) {
      assertEquals(2, p.epoch());
      assertEquals(lsn, p.lastLsn());
    }
  }
}
