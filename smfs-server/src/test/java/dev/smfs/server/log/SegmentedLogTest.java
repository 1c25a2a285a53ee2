package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.SMALL;
import static dev.smfs.server.log.LogFixture.bytes;
import static dev.smfs.server.log.LogFixture.payload;
import static dev.smfs.server.log.LogFixture.scanAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
  @TempDir Path dir;

  private final Random random = new Random(42);

  private List<byte[]> appendMany(Log log, int count, int length) throws IOException {
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] p = payload(random, length);
      log.append(i % 7, ByteBuffer.wrap(p));
      written.add(p);
    }
    return written;
  }

  @Test
  void emptyLogStartsAtLsnOne() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(0, log.lastLsn());
      assertEquals(0, log.durableLsn());
      assertEquals(1, log.firstLsn());
      assertEquals(1, log.segments().size());
      assertFalse(log.recovery().truncated());
    }
  }

  @Test
  void appendedRecordReadsBackByAddress() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      byte[] p = payload(random, 50);
      Appended a = log.append(9, ByteBuffer.wrap(p, 0, 20), ByteBuffer.wrap(p, 20, 30));
      assertEquals(1, a.lsn());
      assertEquals(SegmentFormat.RECORD_HEADER_BYTES + 50, a.length());
      LogRecord r = log.read(a.address());
      assertEquals(1, r.lsn());
      assertEquals(9, r.type());
      assertEquals(a.address(), r.address());
      assertTrue(r.payload().isReadOnly());
      assertArrayEquals(p, bytes(r.payload()));
    }
  }

  @Test
  void appendLeavesCallerBufferPositionsAlone() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      ByteBuffer b = ByteBuffer.wrap(payload(random, 40));
      b.position(5);
      log.append(1, b);
      assertEquals(5, b.position());
      assertEquals(
          35, log.read(new LogAddress(1, SegmentFormat.FILE_HEADER_BYTES)).payload().remaining());
    }
  }

  @Test
  void scanCrossesSegmentRollsInLsnOrder() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      List<byte[]> written = appendMany(log, 10, 100);
      assertEquals(3, log.segments().size());
      List<LogRecord> all = scanAll(log, 1);
      assertEquals(10, all.size());
      for (int i = 0; i < 10; i++) {
        assertEquals(i + 1, all.get(i).lsn());
        assertEquals(i % 7, all.get(i).type());
        assertArrayEquals(written.get(i), bytes(all.get(i).payload()));
      }
    }
  }

  @Test
  void scanStartsAtRequestedLsn() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      List<byte[]> written = appendMany(log, 10, 100);
      List<LogRecord> tail = scanAll(log, 6);
      assertEquals(5, tail.size());
      assertEquals(6, tail.get(0).lsn());
      assertArrayEquals(written.get(5), bytes(tail.get(0).payload()));
    }
  }

  @Test
  void scannerFollowsAppendsAtTheHead() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC);
        LogScanner s = log.scan(1)) {
      assertFalse(s.hasNext());
      for (int i = 0; i < 6; i++) {
        log.append(1, ByteBuffer.wrap(payload(random, 100)));
        assertTrue(s.hasNext());
        assertEquals(i + 1, s.next().lsn());
        assertFalse(s.hasNext());
      }
    }
  }

  @Test
  void segmentsRollWhenTheNextRecordDoesNotFit() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      appendMany(log, 9, 100);
      List<SegmentInfo> segs = log.segments();
      assertEquals(3, segs.size());
      assertEquals(new SegmentInfo(1, 1, 4, SMALL.segmentBytes(), true), segs.get(0));
      assertEquals(new SegmentInfo(2, 5, 8, SMALL.segmentBytes(), true), segs.get(1));
      assertEquals(
          new SegmentInfo(3, 9, 9, SegmentFormat.FILE_HEADER_BYTES + 120, false), segs.get(2));
      assertEquals(
          2 * SMALL.segmentBytes() + SegmentFormat.FILE_HEADER_BYTES + 120, log.sizeOnDisk());
    }
  }

  @Test
  void recordLargerThanMaxIsRejected() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      ByteBuffer big = ByteBuffer.allocate(SMALL.maxPayloadBytes() + 1);
      assertThrows(IllegalArgumentException.class, () -> log.append(1, big));
      assertEquals(0, log.lastLsn());
      log.append(1, ByteBuffer.allocate(SMALL.maxPayloadBytes()));
      assertEquals(1, log.lastLsn());
    }
  }

  @Test
  void reopenAfterCleanCloseKeepsEverything() throws IOException {
    List<byte[]> written;
    List<SegmentInfo> before;
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      written = appendMany(log, 10, 100);
      before = log.segments();
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(10, log.lastLsn());
      assertEquals(10, log.durableLsn());
      assertEquals(before, log.segments());
      assertEquals("clean", log.recovery().reason());
      List<LogRecord> all = scanAll(log, 1);
      for (int i = 0; i < 10; i++) {
        assertArrayEquals(written.get(i), bytes(all.get(i).payload()));
      }
      assertEquals(11, log.append(1, ByteBuffer.wrap(new byte[] {1})).lsn());
    }
  }

  @Test
  void appendAtAcceptsOnlyTheNextLsn() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(1, log.appendAt(1, 2, ByteBuffer.wrap(new byte[] {1})).lsn());
      assertThrows(IllegalStateException.class, () -> log.appendAt(3, 2, ByteBuffer.allocate(1)));
      assertThrows(IllegalStateException.class, () -> log.appendAt(1, 2, ByteBuffer.allocate(1)));
      assertEquals(1, log.lastLsn());
      assertEquals(2, log.appendAt(2, 2, ByteBuffer.wrap(new byte[] {2})).lsn());
    }
  }

  @Test
  void emptyLogAcceptsAnyFirstLsnThroughAppendAt() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      Appended a = log.appendAt(500, 1, ByteBuffer.wrap(new byte[] {5}));
      assertEquals(500, a.lsn());
      assertEquals(500, log.firstLsn());
      assertEquals(499, log.durableLsn());
      assertThrows(IllegalStateException.class, () -> log.appendAt(502, 1, ByteBuffer.allocate(1)));
      log.appendAt(501, 1, ByteBuffer.allocate(1));
      log.awaitDurable(501);
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(500, log.firstLsn());
      assertEquals(501, log.lastLsn());
      assertEquals(List.of(500L, 501L), scanAll(log, 1).stream().map(LogRecord::lsn).toList());
    }
  }

  @Test
  void awaitingAnUnappendedLsnIsRejected() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      log.append(1, ByteBuffer.allocate(1));
      assertThrows(IllegalArgumentException.class, () -> log.awaitDurable(2));
    }
  }

  @Test
  void headSegmentCannotBeDeleted() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      appendMany(log, 5, 100);
      assertThrows(IllegalStateException.class, () -> log.deleteSegment(2));
      assertThrows(IllegalArgumentException.class, () -> log.deleteSegment(7));
      assertEquals(2, log.segments().size());
    }
  }

  @Test
  void deletingTheOldestSegmentAdvancesFirstLsn() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      appendMany(log, 10, 100);
      long sizeBefore = log.sizeOnDisk();
      log.deleteSegment(1);
      assertFalse(Files.exists(LogFixture.segmentFile(dir, 1)));
      assertEquals(5, log.firstLsn());
      assertEquals(sizeBefore - SMALL.segmentBytes(), log.sizeOnDisk());
      assertEquals(5, scanAll(log, 1).get(0).lsn());
      CorruptRecordException e =
          assertThrows(
              CorruptRecordException.class,
              () -> log.read(new LogAddress(1, SegmentFormat.FILE_HEADER_BYTES)));
      assertTrue(e.reason().startsWith("no-such-segment"));
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(5, log.firstLsn());
      assertEquals(10, log.lastLsn());
    }
  }

  @Test
  void scanSkipsTheHoleOfADeletedMiddleSegmentAndReopenWorks() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      appendMany(log, 10, 100);
      log.deleteSegment(2);
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      List<Long> lsns = scanAll(log, 1).stream().map(LogRecord::lsn).toList();
      assertEquals(List.of(1L, 2L, 3L, 4L, 9L, 10L), lsns);
      assertEquals(new SegmentInfo(1, 1, 4, SMALL.segmentBytes(), true), log.segments().get(0));
    }
  }

  @Test
  void closedLogRejectsAppends() throws IOException {
    Log log = SegmentedLog.open(dir, SMALL, NO_SYNC);
    log.close();
    assertThrows(IllegalStateException.class, () -> log.append(1, ByteBuffer.allocate(1)));
    log.close();
  }

  @Test
  void configRejectsSegmentsTooSmallForOneMaximalRecord() {
    assertThrows(IllegalArgumentException.class, () -> new LogConfig(1000, 1000));
    assertThrows(IllegalArgumentException.class, () -> new LogConfig(1 << 20, 20));
    assertEquals(64L << 20, LogConfig.defaults().segmentBytes());
  }

  @Test
  void productionOpenSyncsAndReportsDurability() throws IOException {
    try (Log log = Log.open(dir, LogConfig.defaults())) {
      List<Long> seen = new ArrayList<>();
      log.setDurabilityListener(seen::add);
      Appended a = log.append(1, ByteBuffer.wrap(payload(random, 4096)));
      log.awaitDurable(a.lsn());
      assertEquals(1, log.durableLsn());
      assertEquals(List.of(1L), seen);
    }
  }
}
