package dev.smfs.server.cleaner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.fsck.FsckReport;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanerTest {
  static final long SEGMENT = 1 << 20;
  static final VolumeConfig CONFIG =
      new VolumeConfig(new LogConfig(SEGMENT, 256 << 10), 1L << 40, 1L << 32, 128 << 10);
  static final int FILES = 8;
  static final int FILE_BYTES = 512 << 10; // 4 MiB live in all
  static final int BLOCK = 16 << 10;

  @TempDir Path dir;

  @Test
  void overwritingTenTimesTheLiveDataKeepsDiskWithinTwiceLivePlusTwoSegments() throws IOException {
    TestClock clock = new TestClock();
    Random rnd = new Random(3);
    byte[][] model = new byte[FILES][FILE_BYTES];
    long live = (long) FILES * FILE_BYTES;
    long maxDisk = 0;
    try (LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC);
        Cleaner cleaner = new Cleaner(v, RetentionPolicy.ALWAYS, CleanerConfig.defaults())) {
      long[] inos = new long[FILES];
      for (int f = 0; f < FILES; f++) {
        inos[f] = v.create(Volume.ROOT, "f" + f, 0644, 0, 0).ino();
        rnd.nextBytes(model[f]);
        v.write(inos[f], 0, ByteBuffer.wrap(model[f]));
      }
      long written = live;
      while (written < 10 * live) {
        int f = rnd.nextInt(FILES);
        int off = rnd.nextInt(FILE_BYTES / BLOCK) * BLOCK;
        byte[] block = new byte[BLOCK];
        rnd.nextBytes(block);
        System.arraycopy(block, 0, model[f], off, BLOCK);
        v.write(inos[f], off, ByteBuffer.wrap(block));
        written += BLOCK;
        while (cleaner.step()) {
          // run the cleaner to idle after each write, as the background thread would
        }
        maxDisk = Math.max(maxDisk, v.log().sizeOnDisk());
      }
      System.out.println(
          "cleaner: live="
              + live
              + " written="
              + written
              + " maxDisk="
              + maxDisk
              + " cleaned="
              + cleaner.segmentsCleaned()
              + " deleted="
              + cleaner.segmentsDeleted()
              + " moved="
              + cleaner.bytesMoved());
      assertTrue(maxDisk <= 2 * live + 2 * SEGMENT, "maxDisk=" + maxDisk + " live=" + live);
      assertTrue(cleaner.segmentsDeleted() > 0);
      for (int f = 0; f < FILES; f++) {
        ByteBuffer dst = ByteBuffer.allocate(FILE_BYTES);
        assertEquals(FILE_BYTES, v.read(inos[f], 0, dst));
        assertArrayEquals(model[f], dst.array(), "file " + f);
      }
    }
    FsckReport r = Fsck.check(dir);
    assertTrue(r.clean(), () -> r.problems().toString());
    try (LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC)) {
      ByteBuffer dst = ByteBuffer.allocate(FILE_BYTES);
      v.read(v.lookup(Volume.ROOT, "f0").ino(), 0, dst);
      assertArrayEquals(model[0], dst.array());
    }
  }

  @Test
  void cleanedVolumeRecoversFromACrashWithTheSameContents() throws IOException {
    TestClock clock = new TestClock();
    Random rnd = new Random(4);
    byte[][] model = new byte[FILES][FILE_BYTES];
    long[] inos = new long[FILES];
    LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC);
    try (Cleaner cleaner = new Cleaner(v, RetentionPolicy.ALWAYS, CleanerConfig.defaults())) {
      for (int f = 0; f < FILES; f++) {
        inos[f] = v.create(Volume.ROOT, "f" + f, 0644, 0, 0).ino();
        rnd.nextBytes(model[f]);
        v.write(inos[f], 0, ByteBuffer.wrap(model[f]));
      }
      for (int i = 0; i < 600; i++) {
        int f = rnd.nextInt(FILES);
        int off = rnd.nextInt(FILE_BYTES / BLOCK) * BLOCK;
        byte[] block = new byte[BLOCK];
        rnd.nextBytes(block);
        System.arraycopy(block, 0, model[f], off, BLOCK);
        v.write(inos[f], off, ByteBuffer.wrap(block));
        if (i % 7 == 0) {
          cleaner.step();
        }
      }
      assertTrue(cleaner.segmentsDeleted() > 0);
    }
    assertTrue(v.log().firstLsn() > 1, "some segment was cleaned away");
    v.crashForTesting();
    try (LogVolume again = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC)) {
      assertTrue(again.replayedRecords() > 0, "the unflushed tail was replayed");
      for (int f = 0; f < FILES; f++) {
        ByteBuffer dst = ByteBuffer.allocate(FILE_BYTES);
        assertEquals(FILE_BYTES, again.read(inos[f], 0, dst));
        assertArrayEquals(model[f], dst.array(), "file " + f);
      }
    }
    FsckReport r = Fsck.check(dir);
    assertTrue(r.clean(), () -> r.problems().toString());
  }

  @Test
  void indexAheadOfACleanedLogRefusesToOpenWithAClearMessage() throws IOException {
    TestClock clock = new TestClock();
    try (LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC);
        Cleaner cleaner = new Cleaner(v, RetentionPolicy.ALWAYS, CleanerConfig.defaults())) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      byte[] block = new byte[BLOCK];
      for (int i = 0; i < 200; i++) {
        v.write(ino, 0, ByteBuffer.wrap(block));
      }
      while (cleaner.step()) {
        // to idle
      }
      assertTrue(v.log().firstLsn() > 1);
    }
    // Lose the log's newest records after the index was flushed past them.
    Path head;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("log"))) {
      head = files.sorted().reduce((a, b) -> b).get();
    }
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(head, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(36);
    }
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> LogVolume.open(dir, CONFIG, clock, Durability.ASYNC));
    assertTrue(e.getMessage().contains("index is ahead of the log"), e.getMessage());
  }

  @Test
  void retentionPolicyKeepsDeadSegments() throws IOException {
    TestClock clock = new TestClock();
    try (LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC);
        Cleaner cleaner = new Cleaner(v, s -> false, CleanerConfig.defaults())) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      byte[] block = new byte[BLOCK];
      for (int i = 0; i < 200; i++) {
        v.write(ino, 0, ByteBuffer.wrap(block));
      }
      int before = v.log().segments().size();
      while (cleaner.step()) {
        // to idle
      }
      assertEquals(0, cleaner.segmentsDeleted());
      assertEquals(before, v.log().segments().size());
    }
  }

  @Test
  void backgroundThreadReclaimsSpaceAndStopsOnClose() throws IOException {
    TestClock clock = new TestClock();
    try (LogVolume v = LogVolume.open(dir, CONFIG, clock, Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      byte[] block = new byte[BLOCK];
      for (int i = 0; i < 200; i++) {
        v.write(ino, 0, ByteBuffer.wrap(block));
      }
      Cleaner cleaner = new Cleaner(v, RetentionPolicy.ALWAYS, new CleanerConfig(1.5, 0.9, 5));
      cleaner.start();
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(60),
          () -> {
            while (cleaner.segmentsDeleted() == 0) {
              Thread.onSpinWait();
            }
          });
      cleaner.close();
      ByteBuffer dst = ByteBuffer.allocate(BLOCK);
      assertEquals(BLOCK, v.read(ino, 0, dst));
    }
  }

  @Test
  void costBenefitPrefersEmptierAndOlderSegments() {
    assertTrue(SegmentChooser.score(0.2, 100) > SegmentChooser.score(0.6, 100));
    assertTrue(SegmentChooser.score(0.5, 1000) > SegmentChooser.score(0.5, 10));
    assertFalse(SegmentChooser.score(0.9, 10) > SegmentChooser.score(0.1, 10));
  }
}
