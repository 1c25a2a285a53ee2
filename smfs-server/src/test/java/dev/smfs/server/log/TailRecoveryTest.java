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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash simulation: the head segment's last record is cut or zeroed at every byte offset. */
class TailRecoveryTest {
  private static final int RECORDS = 3;

  @TempDir Path root;

  private final Random random = new Random(7);
  private final List<byte[]> written = new ArrayList<>();
  private Path original;
  private Appended last;

  @BeforeEach
  void writeSmallRecords() throws IOException {
    original = root.resolve("original");
    try (Log log = SegmentedLog.open(original, SMALL, NO_SYNC)) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] p = payload(random, 3 + i);
        written.add(p);
        last = log.append(1, ByteBuffer.wrap(p));
      }
    }
  }

  private Path copyOfOriginal(String name) throws IOException {
    Path copy = root.resolve(name);
    Files.createDirectories(copy);
    Files.copy(LogFixture.segmentFile(original, 1), LogFixture.segmentFile(copy, 1));
    return copy;
  }

  private void assertRecoveredPreviousRecordsAndAppendsContinue(Path dir, long cutBytes)
      throws IOException {
    byte[] fresh = payload(random, 11);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      RecoveryReport report = log.recovery();
      assertEquals(RECORDS - 1, log.lastLsn());
      assertEquals(RECORDS - 1, log.durableLsn());
      assertEquals(last.address().offset(), report.validBytes());
      assertEquals(cutBytes, report.cutBytes());
      List<LogRecord> records = scanAll(log, 1);
      assertEquals(RECORDS - 1, records.size());
      for (int i = 0; i < RECORDS - 1; i++) {
        assertArrayEquals(written.get(i), bytes(records.get(i).payload()));
      }
      Appended a = log.append(2, ByteBuffer.wrap(fresh));
      assertEquals(RECORDS, a.lsn());
      assertEquals(last.address(), a.address());
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertFalse(log.recovery().truncated());
      List<LogRecord> records = scanAll(log, 1);
      assertEquals(RECORDS, records.size());
      assertArrayEquals(fresh, bytes(records.get(RECORDS - 1).payload()));
    }
  }

  @Test
  void tailTruncatedAtEveryByteOfTheLastRecordIsCut() throws IOException {
    long start = last.address().offset();
    for (long cut = start; cut < start + last.length(); cut++) {
      Path dir = copyOfOriginal("cut-" + cut);
      LogFixture.truncate(LogFixture.segmentFile(dir, 1), cut);
      assertRecoveredPreviousRecordsAndAppendsContinue(dir, cut - start);
    }
  }

  @Test
  void tailZeroedFromEveryByteOfTheLastRecordIsCut() throws IOException {
    long start = last.address().offset();
    for (long from = start; from < start + last.length(); from++) {
      Path dir = copyOfOriginal("zero-" + from);
      long end = start + last.length();
      LogFixture.overwrite(LogFixture.segmentFile(dir, 1), from, new byte[(int) (end - from)]);
      if (from == start + last.length() - 1) {
        // zeroing only the final payload byte may leave it unchanged; force a difference
        LogFixture.overwrite(
            LogFixture.segmentFile(dir, 1),
            from,
            new byte[] {(byte) ~LogFixture.readByte(LogFixture.segmentFile(original, 1), from)});
      }
      assertRecoveredPreviousRecordsAndAppendsContinue(dir, last.length());
    }
  }

  @Test
  void garbageAfterTheLastWholeRecordIsCut() throws IOException {
    Path dir = copyOfOriginal("garbage");
    Path file = LogFixture.segmentFile(dir, 1);
    long end = Files.size(file);
    LogFixture.overwrite(file, end, payload(random, 1000));
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(RECORDS, log.lastLsn());
      assertEquals(1000, log.recovery().cutBytes());
      assertEquals(end, Files.size(file));
    }
  }

  @Test
  void recoveryOfTornTailInANewHeadAfterARoll() throws IOException {
    Path dir = root.resolve("rolled");
    Appended lastOne;
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      for (int i = 0; i < 5; i++) {
        log.append(1, ByteBuffer.wrap(payload(random, 100)));
      }
      lastOne = log.append(1, ByteBuffer.wrap(payload(random, 100)));
    }
    assertEquals(2, lastOne.address().segmentId());
    LogFixture.truncate(LogFixture.segmentFile(dir, 2), lastOne.address().offset() + 7);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(5, log.lastLsn());
      assertTrue(log.recovery().truncated());
      assertEquals(2, log.recovery().headSegmentId());
      assertEquals(6, log.append(1, ByteBuffer.allocate(1)).lsn());
    }
  }

  @Test
  void lostEarlierRecordCutsTheValidRecordsAfterIt() throws IOException {
    // Write-back may persist a later page before an earlier one; neither record was synced, so
    // the log keeps only the prefix before the hole.
    Path dir = copyOfOriginal("hole");
    Path file = LogFixture.segmentFile(dir, 1);
    long second = SegmentFormat.FILE_HEADER_BYTES + SegmentFormat.RECORD_HEADER_BYTES + 3;
    LogFixture.overwrite(file, second, new byte[SegmentFormat.RECORD_HEADER_BYTES]);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertEquals(1, log.lastLsn());
      assertEquals(second, log.recovery().validBytes());
      assertEquals(Files.size(file), second);
      assertEquals(2, log.append(1, ByteBuffer.allocate(1)).lsn());
    }
  }

  @Test
  void validRecordWithWrongLsnInTheHeadIsCorruptionNotATornTail() throws IOException {
    Path dir = copyOfOriginal("wrong-lsn");
    Path file = LogFixture.segmentFile(dir, 1);
    // Re-frame the last record with LSN 9 and a matching CRC: a torn write cannot produce it.
    byte[] p = written.get(RECORDS - 1);
    ByteBuffer payload = ByteBuffer.wrap(p);
    ByteBuffer header =
        SegmentFormat.encodeRecordHeader(1, p.length, 9, SegmentFormat.payloadCrc(payload));
    LogFixture.overwrite(file, last.address().offset(), bytes(header));
    CorruptRecordException e =
        assertThrows(CorruptRecordException.class, () -> SegmentedLog.open(dir, SMALL, NO_SYNC));
    assertEquals(file, e.file());
    assertEquals(last.address().offset(), e.offset());
  }

  @Test
  void leftoverTemporarySegmentIsRemovedOnOpen() throws IOException {
    Path dir = copyOfOriginal("tmp");
    Path tmp = dir.resolve(Segment.fileName(2) + ".tmp");
    Files.write(tmp, new byte[5]);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC)) {
      assertFalse(Files.exists(tmp));
      assertEquals(RECORDS, log.lastLsn());
    }
  }
}
