package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.SMALL;
import static dev.smfs.server.log.LogFixture.segmentFile;
import static dev.smfs.server.log.SealedSegmentTest.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preallocated segments ({@link LogConfig#preallocate}): the roll takes a prepared spare of the
 * full segment size, the seal and a clean close cut the file back to its records, an open after a
 * crash cuts the zeros without losing a record, and a missing or failed spare only means a plain
 * segment.
 */
class PreallocationTest {
  @TempDir Path dir;
  @TempDir Path crashed;

  private static final LogConfig PRE = SMALL.withPreallocation(true);
  private static final long RECORD = SegmentFormat.RECORD_HEADER_BYTES + 100L;

  private final SealedSegmentTest.ManualSealer sealer = new SealedSegmentTest.ManualSealer();
  private final Random random = new Random(20261122);

  private SegmentedLog open(Path d, SegmentPreallocator.Factory spares) throws IOException {
    return SegmentedLog.open(d, PRE, NO_SYNC, 0, sealer, spares);
  }

  private List<byte[]> append(Log log, int n, int size) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = LogFixture.payload(random, size);
      log.append(1, ByteBuffer.wrap(p));
      out.add(p);
    }
    return out;
  }

  private static long length(Path f) throws IOException {
    return Files.size(f);
  }

  private static List<String> spares(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".spare.log.tmp"))
          .sorted()
          .toList();
    }
  }

  /** What a crash leaves: every file as the page cache holds it at this moment. */
  private static void copyDir(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void theRollTakesThePreparedSpareAndSealedSegmentsEndAtTheirRecords() throws IOException {
    List<byte[]> written;
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      // 4 records of 90 bytes leave 40 bytes of a segment unused, so a sealed segment that kept
      // its preallocation would be longer than its records.
      written = append(log, 9, 90); // segments 1 and 2 sealed, 3 the head
      long full = SegmentFormat.FILE_HEADER_BYTES + 4 * (RECORD - 10);
      assertTrue(full < PRE.segmentBytes());
      assertEquals(full, length(segmentFile(dir, 1)));
      assertEquals(full, length(segmentFile(dir, 2)));
      // The head came from a spare: the whole segment size is on disk, the records fill 1 record.
      assertEquals(PRE.segmentBytes(), length(segmentFile(dir, 3)));
      assertEquals(List.of(Segment.fileName(4).replace(".log", ".spare.log.tmp")), spares(dir));
      assertRecords(log, written);
    }
    assertEquals(SegmentFormat.FILE_HEADER_BYTES + RECORD - 10, length(segmentFile(dir, 3)));
    assertEquals(List.of(), spares(dir));
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      assertEquals("clean", log.recovery().reason());
      assertFalse(log.recovery().truncated());
      assertEquals(9, log.lastLsn());
      assertRecords(log, written);
    }
  }

  @Test
  void aCrashLeavesZerosAfterTheHeadsRecordsThatTheNextOpenCutsWithoutLosingOne()
      throws IOException {
    List<byte[]> written;
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      written = append(log, 10, 100);
      copyDir(dir, crashed);
    }
    assertEquals(PRE.segmentBytes(), length(segmentFile(crashed, 3)));
    assertEquals(1, spares(crashed).size());
    try (SegmentedLog log = open(crashed, SegmentPreallocator.Factory.INLINE)) {
      assertTrue(log.recovery().truncated());
      assertEquals("zero-tail", log.recovery().reason());
      assertEquals(10, log.lastLsn());
      assertRecords(log, written);
      assertEquals(SegmentFormat.FILE_HEADER_BYTES + 2 * RECORD, length(segmentFile(crashed, 3)));
      written.addAll(append(log, 3, 100)); // LSN 11-13 continue the head, then roll into 4
      assertEquals(13, log.lastLsn());
      assertRecords(log, written);
    }
    try (SegmentedLog log = open(crashed, SegmentPreallocator.Factory.INLINE)) {
      assertFalse(log.recovery().truncated());
      assertRecords(log, written);
    }
  }

  @Test
  void aSealedSegmentWhoseCutDidNotReachTheDiskKeepsItsRecordsAndItsSuccessors()
      throws IOException {
    List<byte[]> written;
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      written = append(log, 9, 100);
    }
    // A crash after the roll, before the sealer's sync: segment 2 is writable and still has the
    // zeros of its preallocation after its last record.
    Path second = segmentFile(dir, 2);
    Files.setPosixFilePermissions(second, PosixFilePermissions.fromString("rw-r--r--"));
    try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
      f.setLength(PRE.segmentBytes() + 4096);
    }
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      assertFalse(log.recovery().truncated());
      assertEquals(3, log.segments().size());
      assertEquals(9, log.lastLsn());
      assertRecords(log, written);
      assertEquals(SegmentFormat.FILE_HEADER_BYTES + 4 * RECORD, length(second));
      assertTrue(Segment.markedDurable(second));
    }
  }

  @Test
  void zerosAfterASealedSegmentThatLostRecordsAreStillATornSegment() throws IOException {
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      append(log, 9, 100);
    }
    // Segment 2 lost its last record's pages: its successor says LSN 8 is missing.
    Path second = segmentFile(dir, 2);
    Files.setPosixFilePermissions(second, PosixFilePermissions.fromString("rw-r--r--"));
    LogFixture.overwrite(second, SegmentFormat.FILE_HEADER_BYTES + 3 * RECORD, new byte[120]);
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      assertTrue(log.recovery().reason().startsWith("torn-unsynced-segment"));
      assertEquals(7, log.lastLsn());
      assertEquals(2, log.segments().size());
    }
  }

  @Test
  void aFailedPreparationLeavesPlainSegmentsAndNoFile() throws IOException {
    // Every sync of a file of the full segment size fails: that is the spare's sync only, since
    // records of 90 bytes never fill a plain segment to exactly that size.
    Syncer failSpares =
        ch -> {
          if (ch.size() == PRE.segmentBytes()) {
            throw new IOException("injected: No space left on device");
          }
        };
    List<byte[]> written = new ArrayList<>();
    try (SegmentedLog log =
        SegmentedLog.open(dir, PRE, failSpares, 0, sealer, SegmentPreallocator.Factory.INLINE)) {
      written.addAll(append(log, 9, 90));
      assertEquals(List.of(), spares(dir));
      for (long id = 1; id <= 3; id++) {
        assertTrue(length(segmentFile(dir, id)) < PRE.segmentBytes());
      }
      assertRecords(log, written);
    }
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      assertFalse(log.recovery().truncated());
      assertRecords(log, written);
    }
  }

  @Test
  void aSpareNotReadyAtTheRollIsDroppedAndTheNextOneAskedFor() throws IOException {
    Queue<Runnable> pending = new ArrayDeque<>();
    SegmentPreallocator.Factory later = (d, b, s) -> SegmentPreallocator.on(pending::add, d, b, s);
    try (SegmentedLog log = open(dir, later)) {
      assertEquals(1, pending.size()); // the spare of segment 2, not prepared yet
      append(log, 5, 100); // rolls into segment 2 without a spare
      assertTrue(length(segmentFile(dir, 2)) < PRE.segmentBytes());
      assertEquals(2, pending.size());
      while (!pending.isEmpty()) {
        pending.poll().run(); // the late task for 2 gives up; the task for 3 fills its spare
      }
      assertEquals(List.of(Segment.fileName(3).replace(".log", ".spare.log.tmp")), spares(dir));
      append(log, 4, 100); // rolls into segment 3 from the spare
      assertEquals(PRE.segmentBytes(), length(segmentFile(dir, 3)));
      assertEquals(9, log.lastLsn());
    }
    assertEquals(List.of(), spares(dir));
  }

  @Test
  void aNearlyFullDiskGetsNoSpareUntilTheHeadroomIsFreeBeyondIt() throws IOException {
    long headroom = 10_000;
    AtomicLong usable = new AtomicLong(0);
    SegmentPreallocator.Factory guarded =
        (d, b, s) -> SegmentPreallocator.on(Runnable::run, d, b, s, usable::get, headroom);
    List<byte[]> written = new ArrayList<>();
    try (SegmentedLog log = open(dir, guarded)) {
      written.addAll(append(log, 5, 100)); // rolls into a plain segment 2
      assertEquals(List.of(), spares(dir));
      assertTrue(length(segmentFile(dir, 2)) < PRE.segmentBytes());
      usable.set(headroom + PRE.segmentBytes() - 1); // one byte short
      written.addAll(append(log, 4, 100)); // rolls into 3, asks for the spare of 4: refused
      assertEquals(List.of(), spares(dir));
      usable.set(headroom + PRE.segmentBytes());
      written.addAll(append(log, 4, 100)); // rolls into plain 4, and the spare of 5 is made
      assertTrue(length(segmentFile(dir, 4)) < PRE.segmentBytes());
      assertEquals(List.of(Segment.fileName(5).replace(".log", ".spare.log.tmp")), spares(dir));
      written.addAll(append(log, 4, 100)); // rolls into 5 from the spare
      assertEquals(PRE.segmentBytes(), length(segmentFile(dir, 5)));
      assertRecords(log, written);
    }
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      assertFalse(log.recovery().truncated());
      assertRecords(log, written);
    }
  }

  @Test
  void aSpareWhoseFillWouldEatTheHeadroomIsAbandonedAndDeleted() throws IOException {
    AtomicInteger checks = new AtomicInteger();
    // Room when the fill starts, none at its first chunk: something else filled the disk.
    LongSupplier shrinking = () -> checks.getAndIncrement() == 0 ? Long.MAX_VALUE / 2 : 0;
    SegmentPreallocator.Factory guarded =
        (d, b, s) -> SegmentPreallocator.on(Runnable::run, d, b, s, shrinking, 10_000);
    try (SegmentedLog log = open(dir, guarded)) {
      assertEquals(2, checks.get());
      assertEquals(List.of(), spares(dir));
      List<byte[]> written = append(log, 5, 100);
      assertTrue(length(segmentFile(dir, 2)) < PRE.segmentBytes());
      assertRecords(log, written);
    }
  }

  @Test
  void anOpenRemovesASpareLeftByACrash() throws IOException {
    try (SegmentedLog log = open(dir, SegmentPreallocator.Factory.INLINE)) {
      append(log, 2, 100);
    }
    Path leftover = SegmentPreallocator.spareFile(dir, 7);
    Files.write(leftover, new byte[1000]);
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL, NO_SYNC, 0, sealer)) {
      assertFalse(Files.exists(leftover));
      assertEquals(2, log.lastLsn());
    }
  }
}
