package dev.smfs.server.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.index.IndexTxn;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsckTest {
  static final VolumeConfig SMALL =
      new VolumeConfig(new LogConfig(256 << 10, 64 << 10), 1L << 40, 1L << 32, 32 << 10);

  @TempDir Path dir;

  /** Twenty files of 20 KB in small segments: the first ones sit in sealed segments. */
  private List<Extent> populate() throws IOException {
    try (LogVolume v = LogVolume.open(dir, SMALL, new TestClock(), Durability.ASYNC)) {
      for (int i = 0; i < 20; i++) {
        InodeAttr f = v.create(Volume.ROOT, "f" + i, 0644, 0, 0);
        byte[] data = new byte[20_000];
        java.util.Arrays.fill(data, (byte) i);
        v.write(f.ino(), 0, ByteBuffer.wrap(data));
      }
      v.mkdir(Volume.ROOT, "d", 0755, 0, 0);
      return v.index().extents(2);
    }
  }

  @Test
  void healthyVolumeIsClean() throws IOException {
    populate();
    FsckReport r = Fsck.check(dir);
    assertTrue(r.clean(), () -> r.problems().toString());
    assertEquals(22, r.inodes());
    assertEquals(20, r.extents());
    assertTrue(r.segments() > 1);
  }

  @Test
  void flippedByteIsReportedWithSegmentFileAndRecordOffset() throws IOException {
    Extent e = populate().get(0);
    Path seg = dir.resolve("log").resolve(String.format("%020d.log", e.segmentId()));
    try (FileChannel ch =
        FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pos = e.recordOffset() + 20 + e.dataOffset() + 100;
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, pos);
      b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
      ch.write(b, pos);
    }
    FsckReport r = Fsck.check(dir);
    assertTrue(
        r.problems().stream()
            .anyMatch(
                p ->
                    p.file().equals(seg)
                        && p.offset() == e.recordOffset()
                        && p.what().contains("corrupt_record")),
        () -> r.problems().toString());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.what().contains("extent_points_at_invalid_record")),
        () -> r.problems().toString());
  }

  private void tamper(java.util.function.Consumer<IndexTxn> change) throws IOException {
    try (Index index = new Index(RocksKeyValueStore.open(dir.resolve("index"), () -> {}))) {
      IndexTxn t = index.begin();
      change.accept(t);
      t.commit(index.appliedLsn());
    }
  }

  @Test
  void extentPointingAtNoRecordIsReported() throws IOException {
    Extent e = populate().get(0);
    tamper(
        t ->
            t.putExtent(
                new Extent(
                    e.ino(),
                    e.fileOffset(),
                    e.segmentId(),
                    e.recordOffset() + 7,
                    e.dataOffset(),
                    e.length(),
                    e.lsn())));
    FsckReport r = Fsck.check(dir);
    assertTrue(
        r.problems().stream()
            .anyMatch(
                p ->
                    p.what().startsWith("extent_points_at_invalid_record")
                        && p.offset() == e.recordOffset() + 7),
        () -> r.problems().toString());
  }

  @Test
  void wrongLinkCountIsReported() throws IOException {
    populate();
    tamper(t -> t.putInode(new InodeAttr(2, FileType.REGULAR, 0644, 3, 0, 0, 20_000, 1, 1, 1)));
    FsckReport r = Fsck.check(dir);
    assertTrue(
        r.problems().stream().anyMatch(p -> p.what().startsWith("nlink_mismatch ino=2")),
        () -> r.problems().toString());
  }

  @Test
  void indexAheadOfLogIsReported() throws IOException {
    populate();
    try (Index index = new Index(RocksKeyValueStore.open(dir.resolve("index"), () -> {}))) {
      index.begin().commit(index.appliedLsn() + 5);
    }
    FsckReport r = Fsck.check(dir);
    assertTrue(
        r.problems().stream().anyMatch(p -> p.what().startsWith("index_ahead_of_log")),
        () -> r.problems().toString());
  }
}
