package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.SMALL;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage in the head segment that a crash cannot explain is refused, never cut: a damaged record at
 * or below the durable floor, or a damaged (non-hole) record followed by valid later records. The
 * read-only open reports instead of refusing and changes nothing.
 */
class TailCorruptionTest {
  @TempDir Path dir;

  private final Random random = new Random(17);
  private final List<Appended> appended = new ArrayList<>();
  private Path file;

  @BeforeEach
  void writeThreeRecords() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      for (int i = 0; i < 3; i++) {
        appended.add(log.append(1, ByteBuffer.wrap(payload(random, 40))));
      }
    }
    file = LogFixture.segmentFile(dir, 1);
  }

  /** Flips one payload byte of record {@code index} (0-based): bit rot inside a record. */
  private long flipPayloadByte(int index) throws IOException {
    long at = appended.get(index).address().offset() + SegmentFormat.RECORD_HEADER_BYTES + 5;
    LogFixture.overwrite(file, at, new byte[] {(byte) ~LogFixture.readByte(file, at)});
    return appended.get(index).address().offset();
  }

  private static SegmentedLog open(Path dir, long durableFloor, boolean readOnly)
      throws IOException {
    return SegmentedLog.open(dir, SMALL, NO_SYNC, LogMetrics.noop(), durableFloor, readOnly);
  }

  @Test
  void damagedRecordFollowedByValidRecordsRefusesToOpenAndCutsNothing() throws IOException {
    long offset = flipPayloadByte(1);
    byte[] before = Files.readAllBytes(file);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> open(dir, 0, false));
    assertEquals(file, e.file());
    assertEquals(offset, e.offset());
    assertTrue(e.reason().contains("damaged-record-before-valid-records lsn=2"), e.reason());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void damagedLastRecordAtOrBelowTheDurableFloorRefusesToOpen() throws IOException {
    long offset = flipPayloadByte(2);
    byte[] before = Files.readAllBytes(file);
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> open(dir, 3, false));
    assertEquals(offset, e.offset());
    assertTrue(e.reason().contains("durable-record-damaged lsn=3 durableLsn=3"), e.reason());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void damagedLastRecordAboveTheDurableFloorIsCutAsATornTail() throws IOException {
    long offset = flipPayloadByte(2);
    try (Log log = open(dir, 2, false)) {
      assertEquals(2, log.lastLsn());
      assertTrue(log.recovery().truncated());
      assertFalse(log.recovery().corrupt());
    }
    assertEquals(offset, Files.size(file));
  }

  @Test
  void readOnlyOpenReportsATornTailAndLeavesTheFileAlone() throws IOException {
    long tornAt = appended.get(2).address().offset() + 7;
    LogFixture.truncate(file, tornAt);
    byte[] before = Files.readAllBytes(file);
    try (Log log = open(dir, 0, true)) {
      RecoveryReport r = log.recovery();
      assertEquals(2, log.lastLsn());
      assertEquals(appended.get(2).address().offset(), r.validBytes());
      assertEquals(7, r.cutBytes());
      assertFalse(r.corrupt());
      assertEquals(2, scanAll(log, 1).size());
      assertThrows(IllegalStateException.class, () -> log.append(1, ByteBuffer.allocate(1)));
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void readOnlyOpenReportsCorruptionInsteadOfRefusing() throws IOException {
    long offset = flipPayloadByte(1);
    byte[] before = Files.readAllBytes(file);
    try (Log log = open(dir, 0, true)) {
      assertTrue(log.recovery().corrupt());
      assertEquals(offset, log.recovery().validBytes());
      assertEquals(1, log.lastLsn());
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void readOnlyOpenOfAMissingDirectoryCreatesNothing() {
    Path missing = dir.resolve("absent");
    assertThrows(IOException.class, () -> open(missing, 0, true));
    assertFalse(Files.exists(missing));
  }
}
