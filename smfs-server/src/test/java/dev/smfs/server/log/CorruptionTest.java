package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.SMALL;
import static dev.smfs.server.log.LogFixture.payload;
import static dev.smfs.server.log.LogFixture.scanAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage that is not a torn tail: it must be reported with file and offset, never returned. */
class CorruptionTest {
  @TempDir Path dir;

  private final Random random = new Random(3);
  private final List<Appended> appended = new ArrayList<>();
  private final List<byte[]> written = new ArrayList<>();

  @BeforeEach
  void writeThreeSegments() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      for (int i = 0; i < 10; i++) {
        byte[] p = payload(random, 100);
        written.add(p);
        appended.add(log.append(1, ByteBuffer.wrap(p)));
      }
    }
  }

  @Test
  void flippedPayloadByteInASealedSegmentFailsTheScanAtThatRecord() throws IOException {
    Appended sixth = appended.get(5);
    Path file = LogFixture.segmentFile(dir, sixth.address().segmentId());
    long at = sixth.address().offset() + SegmentFormat.RECORD_HEADER_BYTES + 40;
    LogFixture.overwrite(file, at, new byte[] {(byte) ~LogFixture.readByte(file, at)});
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> scanAll(log, 1));
      assertEquals(file, e.file());
      assertEquals(sixth.address().offset(), e.offset());
      assertTrue(e.expectedCrc() >= 0 && e.expectedCrc() != e.actualCrc());
      assertTrue(e.getMessage().contains("offset=" + sixth.address().offset()), e.getMessage());
    }
  }

  @Test
  void truncatedSealedSegmentFailsTheScanWhereTheRecordIsCut() throws IOException {
    Appended fourth = appended.get(3);
    Path file = LogFixture.segmentFile(dir, 1);
    LogFixture.truncate(file, fourth.address().offset() + 50);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> scanAll(log, 1));
      assertEquals(file, e.file());
      assertEquals(fourth.address().offset(), e.offset());
    }
  }

  @Test
  void lsnGapBetweenNeighbouringSegmentsFailsOpen() throws IOException {
    Path file = LogFixture.segmentFile(dir, 2);
    ByteBuffer header = SegmentFormat.encodeFileHeader(2, 1);
    LogFixture.overwrite(file, 0, LogFixture.bytes(header));
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> SegmentedLog.open(dir, SMALL, NO_SYNC));
    assertEquals(file, e.file());
  }

  @Test
  void recordLsnDisagreeingWithSegmentHeaderFailsTheScan() throws IOException {
    // Segment 2 claims to start at LSN 5 but its first record is re-framed as LSN 6.
    Appended fifth = appended.get(4);
    Path file = LogFixture.segmentFile(dir, 2);
    ByteBuffer p = ByteBuffer.wrap(written.get(4));
    ByteBuffer header = SegmentFormat.encodeRecordHeader(1, 100, 6, SegmentFormat.payloadCrc(p));
    LogFixture.overwrite(file, fifth.address().offset(), LogFixture.bytes(header));
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> scanAll(log, 1));
      assertEquals(file, e.file());
      assertTrue(e.reason().startsWith("lsn-out-of-sequence"), e.reason());
    }
  }

  @Test
  void everySingleBitFlipInARecordMakesReadThrow() throws IOException {
    Appended target = appended.get(1);
    Path file = LogFixture.segmentFile(dir, 1);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertArrayEquals(written.get(1), LogFixture.bytes(log.read(target.address()).payload()));
      for (int bit = 0; bit < target.length() * 8; bit++) {
        long at = target.address().offset() + bit / 8;
        byte original = LogFixture.readByte(file, at);
        LogFixture.overwrite(file, at, new byte[] {(byte) (original ^ (1 << (bit % 8)))});
        CorruptRecordException e =
            assertThrows(
                CorruptRecordException.class, () -> log.read(target.address()), "bit " + bit);
        assertEquals(file, e.file());
        assertEquals(target.address().offset(), e.offset());
        LogFixture.overwrite(file, at, new byte[] {original});
      }
      assertArrayEquals(written.get(1), LogFixture.bytes(log.read(target.address()).payload()));
    }
  }

  @Test
  void sealedSegmentShrunkWhileOpenReadsAsCorruptNotShort() throws IOException {
    Appended third = appended.get(2);
    Path file = LogFixture.segmentFile(dir, 1);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      LogFixture.truncate(file, third.address().offset() + 30);
      CorruptRecordException e =
          assertThrows(CorruptRecordException.class, () -> log.read(third.address()));
      assertEquals(file, e.file());
      assertEquals(third.address().offset() + SegmentFormat.RECORD_HEADER_BYTES, e.offset());
      assertArrayEquals(
          written.get(0), LogFixture.bytes(log.read(appended.get(0).address()).payload()));
    }
  }

  @Test
  void addressNotAtARecordStartIsRejected() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      LogAddress inside = new LogAddress(1, appended.get(0).address().offset() + 3);
      assertThrows(CorruptRecordException.class, () -> log.read(inside));
      LogAddress beyond = new LogAddress(3, Files.size(LogFixture.segmentFile(dir, 3)));
      assertThrows(CorruptRecordException.class, () -> log.read(beyond));
      assertThrows(CorruptRecordException.class, () -> log.read(new LogAddress(1, 0)));
    }
  }
}
