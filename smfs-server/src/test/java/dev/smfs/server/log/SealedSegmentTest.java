package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.SMALL;
import static dev.smfs.server.log.LogFixture.bytes;
import static dev.smfs.server.log.LogFixture.scanAll;
import static dev.smfs.server.log.LogFixture.segmentFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealed segments are synced off the append path: a roll does not sync, the group commit syncs
 * every sealed segment before claiming durability, the sync marks the file read-only, and an open
 * after a crash verifies (and if torn, cuts at) the sealed segments not so marked.
 */
class SealedSegmentTest {
  @TempDir Path dir;

  /** A sealer run only when the test says so. */
  static final class ManualSealer implements Sealer.Factory {
    Sealer.SyncAction action;
    int notices;

    @Override
    public Sealer create(Path d, Sealer.SyncAction a) {
      action = a;
      return new Sealer() {
        @Override
        public void sealed(Segment segment) {
          notices++;
        }

        @Override
        public void close() {}
      };
    }

    void run() throws IOException {
      action.syncSealed();
    }
  }

  private final ManualSealer sealer = new ManualSealer();
  private final Random random = new Random(20261122);

  /** Appends {@code n} records of 100 bytes; SMALL holds 4 per segment. */
  private List<byte[]> append(Log log, int n) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = LogFixture.payload(random, 100);
      log.append(1, ByteBuffer.wrap(p));
      out.add(p);
    }
    return out;
  }

  private static boolean writable(Path file) throws IOException {
    return !Segment.markedDurable(file);
  }

  /** As a crash before the sealer's chmod: the file is writable again, so not known durable. */
  private static void unmark(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void aRollNeitherSyncsNorMarksTheSealedSegment() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 5); // the fifth rolls
      assertEquals(2, log.segments().size());
      assertTrue(log.segments().get(0).sealed());
      assertTrue(writable(segmentFile(dir, 1)));
      assertEquals(1, sealer.notices);
      sealer.run();
      assertFalse(writable(segmentFile(dir, 1)));
      assertTrue(writable(segmentFile(dir, 2)), "the head stays writable");
    }
  }

  @Test
  void durabilitySyncsSealedSegmentsTheSealerHasNotReached() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9); // segments 1 and 2 sealed, never run by the sealer
      log.awaitDurable(log.lastLsn());
      assertEquals(9, log.durableLsn());
      assertFalse(writable(segmentFile(dir, 1)));
      assertFalse(writable(segmentFile(dir, 2)));
    }
  }

  @Test
  void aFailedSealedSyncFailsAppendsAndDurabilityWaits() throws IOException {
    AtomicBoolean fail = new AtomicBoolean();
    Syncer syncer =
        ch -> {
          if (fail.get()) {
            throw new IOException("EIO (test)");
          }
        };
    try (Log log = SegmentedLog.open(dir, SMALL, syncer, 0, sealer)) {
      append(log, 5);
      fail.set(true);
      assertThrows(IOException.class, sealer::run);
      fail.set(false); // a retried fsync after a failure proves nothing: the log stays failed
      assertThrows(IllegalStateException.class, () -> append(log, 1));
      assertThrows(IOException.class, () -> log.awaitDurable(5));
    } catch (IOException e) {
      // close may report the failure too; what matters is asserted above
    }
  }

  @Test
  void anIntactUnmarkedSealedSegmentIsVerifiedAndMarkedAtOpen() throws IOException {
    List<byte[]> written;
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      written = append(log, 9);
    }
    unmark(segmentFile(dir, 1));
    unmark(segmentFile(dir, 2));
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertFalse(log.recovery().truncated());
      assertEquals(9, log.lastLsn());
      assertFalse(writable(segmentFile(dir, 1)));
      assertFalse(writable(segmentFile(dir, 2)));
      assertRecords(log, written);
    }
  }

  @Test
  void aTornUnmarkedSealedSegmentCutsTheLogThereAndDropsLaterSegments() throws IOException {
    List<byte[]> written;
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      written = append(log, 13); // segments 1-3 sealed, 4 the head
    }
    Path second = segmentFile(dir, 2);
    unmark(second);
    unmark(segmentFile(dir, 3));
    // Power loss: the second record of segment 2 (LSN 6) lost its last page.
    long recordBytes = SegmentFormat.RECORD_HEADER_BYTES + 100;
    LogFixture.truncate(second, SegmentFormat.FILE_HEADER_BYTES + recordBytes + 40);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertTrue(log.recovery().truncated());
      assertTrue(log.recovery().reason().startsWith("torn-unsynced-segment"));
      assertEquals(5, log.lastLsn());
      assertEquals(2, log.segments().size());
      assertFalse(Files.exists(segmentFile(dir, 3)));
      assertFalse(Files.exists(segmentFile(dir, 4)));
      assertRecords(log, written.subList(0, 5));
      assertEquals(6, log.append(1, ByteBuffer.wrap(new byte[] {7})).lsn());
    }
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertEquals(6, log.lastLsn());
      assertFalse(log.recovery().truncated());
    }
  }

  @Test
  void lostPagesInTheMiddleOfAnUnmarkedSealedSegmentAreATornWrite() throws IOException {
    List<byte[]> written;
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      written = append(log, 9);
    }
    Path first = segmentFile(dir, 1);
    unmark(first);
    unmark(segmentFile(dir, 2));
    long recordBytes = SegmentFormat.RECORD_HEADER_BYTES + 100;
    LogFixture.overwrite(first, SegmentFormat.FILE_HEADER_BYTES + recordBytes, new byte[60]);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertEquals(1, log.lastLsn());
      assertEquals(1, log.segments().size());
      assertRecords(log, written.subList(0, 1));
    }
  }

  @Test
  void anUnmarkedSealedSegmentShorterThanItsSuccessorSaysIsCutAtItsEnd() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9);
    }
    Path first = segmentFile(dir, 1);
    unmark(first);
    long recordBytes = SegmentFormat.RECORD_HEADER_BYTES + 100;
    LogFixture.truncate(first, SegmentFormat.FILE_HEADER_BYTES + 3 * recordBytes);
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertEquals(3, log.lastLsn());
      assertTrue(log.recovery().reason().contains("segment-ends-early"));
    }
  }

  @Test
  void anUnmarkedSealedSegmentHoldingRecordsPastItsSuccessorsFirstLsnIsCorruption()
      throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9); // segment 1: LSNs 1-4, segment 2: 5-8, segment 3 (head): 9
    }
    // Segment 2 gains a valid record with LSN 9, which segment 3 also starts with.
    Path second = segmentFile(dir, 2);
    unmark(second);
    byte[] extra = Files.readAllBytes(segmentFile(dir, 3));
    byte[] head =
        java.util.Arrays.copyOfRange(extra, SegmentFormat.FILE_HEADER_BYTES, extra.length);
    LogFixture.overwrite(second, Files.size(second), head);
    CorruptRecordException e =
        assertThrows(
            CorruptRecordException.class,
            () -> SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer).close());
    assertTrue(e.getMessage().contains("lsn-overlap-with-next-segment"), e.getMessage());
    assertTrue(Files.exists(segmentFile(dir, 3)), "nothing was cut");
  }

  @Test
  void damageAtOrBelowTheDurableFloorInAnUnmarkedSealedSegmentIsCorruption() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9);
    }
    Path first = segmentFile(dir, 1);
    unmark(first);
    long recordBytes = SegmentFormat.RECORD_HEADER_BYTES + 100;
    LogFixture.truncate(first, SegmentFormat.FILE_HEADER_BYTES + recordBytes + 10);
    CorruptRecordException e =
        assertThrows(
            CorruptRecordException.class,
            () -> SegmentedLog.open(dir, SMALL, NO_SYNC, 3, sealer).close());
    assertTrue(e.getMessage().contains("durable-record-damaged"), e.getMessage());
    assertTrue(Files.exists(segmentFile(dir, 3)), "nothing was cut");
  }

  @Test
  void flippedBitsBeforeValidRecordsInAnUnmarkedSealedSegmentAreCorruption() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9);
    }
    Path first = segmentFile(dir, 1);
    unmark(first);
    long at = SegmentFormat.FILE_HEADER_BYTES + SegmentFormat.RECORD_HEADER_BYTES + 50;
    byte b = LogFixture.readByte(first, at);
    LogFixture.overwrite(first, at, new byte[] {(byte) (b ^ 0x10)});
    CorruptRecordException e =
        assertThrows(
            CorruptRecordException.class,
            () -> SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer).close());
    assertTrue(e.getMessage().contains("damaged-record-before-valid-records"), e.getMessage());
  }

  @Test
  void aReadOnlyOpenRefusesATornUnmarkedSealedSegmentAndCutsNothing() throws IOException {
    try (Log log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      append(log, 9);
    }
    Path first = segmentFile(dir, 1);
    unmark(first);
    long size = Files.size(first);
    LogFixture.truncate(first, size - 30);
    IOException e =
        assertThrows(
            IOException.class,
            () -> SegmentedLog.open(dir, SMALL, NO_SYNC, LogMetrics.noop(), 0, true).close());
    assertTrue(e.getMessage().contains("read-write open"), e.getMessage());
    assertEquals(size - 30, Files.size(first));
    assertTrue(Files.exists(segmentFile(dir, 3)));
  }

  @Test
  void theSealerThreadSyncsAfterARollOnItsOwnThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    List<String> threads = new ArrayList<>();
    SealerThread t =
        new SealerThread(
            dir,
            () -> {
              threads.add(Thread.currentThread().getName());
              ran.countDown();
            });
    try {
      t.sealed(null);
      assertTrue(ran.await(30, TimeUnit.SECONDS));
    } finally {
      t.close();
    }
    assertEquals(List.of("smfs-log-sealer"), threads);
  }

  static void assertRecords(Log log, List<byte[]> expected) throws IOException {
    List<LogRecord> got = scanAll(log, 1);
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(i + 1, got.get(i).lsn());
      assertArrayEquals(expected.get(i), bytes(got.get(i).payload()));
    }
  }
}
