package dev.smfs.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.server.fuzz.ReferenceSegment.Header;
import dev.smfs.server.fuzz.ReferenceSegment.Prefix;
import dev.smfs.server.fuzz.ReferenceSegment.Rec;
import dev.smfs.server.log.CorruptRecordException;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogAddress;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.log.RecoveryReport;
import dev.smfs.transport.fuzz.FuzzInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fuzz target for the log's readers of segment files: {@code Log.open} (header checks, LSN
 * continuity, tail recovery), {@code scan} and {@code read}, on directories of fuzz-built segment
 * files ({@link SegmentFiles}), checked against {@link ReferenceSegment}.
 *
 * <p>Invariants: every failure is a {@link CorruptRecordException} with file, offset and reason
 * facts, never another exception; a clean log (valid headers, contiguous LSNs, whole non-empty
 * sealed segments, a head whose damage is at most a torn tail) opens; open cuts the head to exactly
 * its valid prefix; a scan returns exactly the records the format allows, byte for byte, and fails
 * exactly where the format says the log is corrupt; {@code read} of any address returns the record
 * the format defines there or throws.
 *
 * <p>Sealed segments are written as the log leaves them once synced (read-only files), so they are
 * trusted by header ({@link SegmentFiles#write}); the input makes some of them writable again, as a
 * crash before their background sync left them, when the next segment id follows directly. The
 * opener walks those: a valid record with a wrong LSN or one reaching the next segment's first LSN
 * is corruption, as is damage the head's rule calls corruption; any other damage, or a segment
 * shorter than the next segment's first LSN says, cuts the log there (later segments deleted, the
 * cut segment the new head).
 *
 * <p>Files go to {@code /dev/shm} when it exists (open fsyncs; tmpfs makes that cheap).
 */
class LogSegmentFuzzTest {
  private static final int[] MAX_PAYLOAD = {64, 300, 4096};
  private static final Path ROOT =
      Files.isDirectory(Path.of("/dev/shm"))
          ? Path.of("/dev/shm")
          : Path.of(System.getProperty("java.io.tmpdir"));

  @FuzzTest
  void openScanRead(byte[] bytes) throws IOException {
    FuzzInput in = new FuzzInput(bytes);
    int maxPayload = MAX_PAYLOAD[in.u8() % MAX_PAYLOAD.length];
    Map<Long, byte[]> files = SegmentFiles.build(in, maxPayload);
    Path dir = Files.createTempDirectory(ROOT, "smfs-fuzz-log");
    try {
      SegmentFiles.write(dir, files);
      Set<Long> unsynced = new TreeSet<>();
      for (long id : files.keySet()) {
        if (files.containsKey(id + 1) && in.bit()) {
          Files.setPosixFilePermissions(
              SegmentFiles.fileOf(dir, id),
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
          unsynced.add(id);
        }
      }
      if (in.bit()) {
        Files.write(dir.resolve(String.format("%020d.log.tmp", 999)), in.bytes(8));
      }
      check(in, dir, (TreeMap<Long, byte[]>) files, unsynced, maxPayload);
    } finally {
      SegmentFiles.deleteTree(dir);
    }
  }

  private static void check(
      FuzzInput in, Path dir, TreeMap<Long, byte[]> files, Set<Long> unsynced, int maxPayload)
      throws IOException {
    boolean clean = isClean(files, maxPayload);
    SealedCut cut = sealedCut(files, unsynced, maxPayload);
    Log log;
    try {
      log =
          Log.open(dir, new LogConfig(1L << 20, maxPayload + ReferenceSegment.RECORD_HEADER_BYTES));
    } catch (CorruptRecordException e) {
      assertFalse(clean, "a clean log failed to open: " + e.getMessage());
      assertFacts(e);
      return;
    }
    assertFalse(cut.mustFail(), "opened a log with a corrupt unsynced sealed segment: " + cut);
    TreeMap<Long, byte[]> expected = new TreeMap<>(files);
    if (cut.segmentId() >= 0) {
      expected.keySet().removeIf(id -> id > cut.segmentId());
      expected.put(cut.segmentId(), Arrays.copyOf(files.get(cut.segmentId()), (int) cut.end()));
      for (long id : files.tailMap(cut.segmentId(), false).keySet()) {
        assertFalse(
            Files.exists(SegmentFiles.fileOf(dir, id)), "segment after the cut kept: " + id);
      }
    }
    try (log) {
      Map<Long, byte[]> onDisk = checkOpened(dir, expected, maxPayload, log, cut.removedBytes());
      long fromLsn = in.bit() ? 1 : 1 + in.u8();
      checkScan(log, onDisk, maxPayload, fromLsn);
      checkReads(in, log, onDisk, maxPayload);
    }
  }

  /**
   * What opening does to the writable ({@code unsynced}) sealed segments: the first that is not
   * whole decides; {@code mustFail} when its damage is corruption.
   */
  record SealedCut(long segmentId, long end, long removedBytes, boolean mustFail) {
    static final SealedCut NONE = new SealedCut(-1, 0, 0, false);
  }

  private static SealedCut sealedCut(
      TreeMap<Long, byte[]> files, Set<Long> unsynced, int maxPayload) {
    for (long id : unsynced) {
      byte[] f = files.get(id);
      Header h = ReferenceSegment.header(f);
      Header next = ReferenceSegment.header(files.get(id + 1));
      if (h == null || next == null || h.segmentId() != id || next.firstLsn() <= h.firstLsn()) {
        return SealedCut.NONE; // opening fails on the headers already
      }
      Prefix p = ReferenceSegment.prefix(f, h.firstLsn(), maxPayload);
      long last = h.firstLsn() + p.records().size() - 1;
      long expectedLast = next.firstLsn() - 1;
      boolean damaged = p.end() < f.length;
      if (p.lsnBreak()
          || last > expectedLast
          || (damaged && damageBeforeValidRecords(f, p, h.firstLsn(), maxPayload))) {
        return new SealedCut(id, p.end(), 0, true);
      }
      if (!damaged && last == expectedLast) {
        continue;
      }
      long removed = f.length - p.end();
      for (byte[] later : files.tailMap(id, false).values()) {
        removed += later.length;
      }
      return new SealedCut(id, p.end(), removed, false);
    }
    return SealedCut.NONE;
  }

  /**
   * Checks headers and tail recovery; returns the segment bytes as they are after open. {@code
   * sealedCutBytes}: what the cut at an unsynced sealed segment removed (reported with the head's).
   */
  private static Map<Long, byte[]> checkOpened(
      Path dir, Map<Long, byte[]> files, int maxPayload, Log log, long sealedCutBytes)
      throws IOException {
    assertFalse(Files.exists(dir.resolve(String.format("%020d.log.tmp", 999))), "tmp file kept");
    for (Map.Entry<Long, byte[]> e : files.entrySet()) {
      Header h = ReferenceSegment.header(e.getValue());
      assertNotNull(h, "opened with a bad header: segment=" + e.getKey());
      assertEquals(e.getKey().longValue(), h.segmentId(), "opened with a foreign header");
    }
    long headId = ((TreeMap<Long, byte[]>) files).lastKey();
    byte[] head = files.get(headId);
    Header hh = ReferenceSegment.header(head);
    Prefix hp = ReferenceSegment.prefix(head, hh.firstLsn(), maxPayload);
    assertFalse(hp.lsnBreak(), "opened a head holding a valid record with a wrong LSN");
    assertEquals(hp.end(), Files.size(SegmentFiles.fileOf(dir, headId)), "head not cut to prefix");
    RecoveryReport report = log.recovery();
    assertEquals(hp.end(), report.validBytes(), "recovery validBytes");
    assertEquals(head.length - hp.end() + sealedCutBytes, report.cutBytes(), "recovery cutBytes");
    assertEquals(hh.firstLsn() + hp.records().size() - 1, log.lastLsn(), "lastLsn after open");
    Map<Long, byte[]> onDisk = new TreeMap<>(files);
    onDisk.put(headId, Arrays.copyOf(head, (int) hp.end()));
    return onDisk;
  }

  private static void checkScan(Log log, Map<Long, byte[]> onDisk, int maxPayload, long fromLsn)
      throws IOException {
    List<Long> ids = new ArrayList<>(onDisk.keySet());
    List<Long> expectedSegments = new ArrayList<>();
    List<Rec> expected = new ArrayList<>();
    boolean corrupt = expectedScan(onDisk, ids, maxPayload, fromLsn, expectedSegments, expected);
    List<LogRecord> got = new ArrayList<>();
    boolean threw = false;
    try (LogScanner scanner = log.scan(fromLsn)) {
      while (scanner.hasNext()) {
        got.add(scanner.next());
      }
    } catch (CorruptRecordException e) {
      assertFacts(e);
      threw = true;
    }
    assertEquals(expected.size(), got.size(), "records scanned from lsn " + fromLsn);
    for (int i = 0; i < got.size(); i++) {
      LogRecord r = got.get(i);
      assertEquals(
          expectedSegments.get(i).longValue(), r.address().segmentId(), "segment of #" + i);
      assertTrue(
          expected.get(i).sameAs(r.address().offset(), r.lsn(), r.type(), r.payload()),
          "scanned record #" + i + " differs: lsn=" + r.lsn() + " at=" + r.address());
    }
    assertEquals(corrupt, threw, "scan corruption verdict");
  }

  /** What a scan from {@code fromLsn} must return, per the documented format and scan rules. */
  private static boolean expectedScan(
      Map<Long, byte[]> onDisk,
      List<Long> ids,
      int maxPayload,
      long fromLsn,
      List<Long> segments,
      List<Rec> records) {
    int idx = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (i == 0 || firstLsn(onDisk, ids.get(i)) <= fromLsn) {
        idx = i;
      } else {
        break;
      }
    }
    while (true) {
      long id = ids.get(idx);
      byte[] f = onDisk.get(id);
      long lsn = firstLsn(onDisk, id);
      long pos = ReferenceSegment.FILE_HEADER_BYTES;
      while (pos < f.length) {
        boolean skip = lsn < fromLsn;
        Rec r = ReferenceSegment.at(f, pos, f.length, maxPayload, !skip);
        if (r == null || r.lsn() != lsn) {
          return true;
        }
        if (!skip) {
          segments.add(id);
          records.add(r);
        }
        pos = r.end();
        lsn++;
      }
      if (idx == ids.size() - 1) {
        return false;
      }
      long next = ids.get(idx + 1);
      if (next == id + 1 && firstLsn(onDisk, next) != lsn) {
        return true;
      }
      idx++;
    }
  }

  private static void checkReads(FuzzInput in, Log log, Map<Long, byte[]> onDisk, int maxPayload)
      throws IOException {
    for (Map.Entry<Long, byte[]> e : onDisk.entrySet()) {
      Header h = ReferenceSegment.header(e.getValue());
      for (Rec r : ReferenceSegment.prefix(e.getValue(), h.firstLsn(), maxPayload).records()) {
        LogRecord got = log.read(new LogAddress(e.getKey(), r.offset()));
        assertTrue(r.sameAs(got.address().offset(), got.lsn(), got.type(), got.payload()));
      }
    }
    int probes = in.u8() % 8;
    for (int i = 0; i < probes; i++) {
      long id = 1 + in.u8() % 8;
      byte[] f = onDisk.get(id);
      long offset = in.u16() % ((f == null ? 64 : f.length) + 8);
      Rec expected = f == null ? null : ReferenceSegment.at(f, offset, f.length, maxPayload);
      LogRecord got;
      try {
        got = log.read(new LogAddress(id, offset));
      } catch (CorruptRecordException e) {
        assertFacts(e);
        assertEquals(null, expected, "valid record unreadable: segment=" + id + " at=" + offset);
        continue;
      }
      assertNotNull(expected, "read returned a record the format rejects: at=" + offset);
      assertTrue(expected.sameAs(got.address().offset(), got.lsn(), got.type(), got.payload()));
      assertEquals(id, got.address().segmentId());
    }
  }

  /**
   * Valid headers, whole sealed segments each holding a record, LSNs contiguous across segments,
   * and a head that is a valid prefix plus at most a torn tail: such a log must open.
   */
  private static boolean isClean(Map<Long, byte[]> files, int maxPayload) {
    long nextLsn = -1;
    int left = files.size();
    for (Map.Entry<Long, byte[]> e : files.entrySet()) {
      left--;
      Header h = ReferenceSegment.header(e.getValue());
      if (h == null || h.segmentId() != e.getKey() || (nextLsn >= 0 && h.firstLsn() != nextLsn)) {
        return false;
      }
      Prefix p = ReferenceSegment.prefix(e.getValue(), h.firstLsn(), maxPayload);
      boolean sealed = left > 0;
      if (p.lsnBreak() || (sealed && (p.end() != e.getValue().length || p.records().isEmpty()))) {
        return false;
      }
      if (!sealed && damageBeforeValidRecords(e.getValue(), p, h.firstLsn(), maxPayload)) {
        return false;
      }
      nextLsn = h.firstLsn() + p.records().size();
    }
    return true;
  }

  /**
   * The head's rule for a bad record (the log's tail recovery): it is a torn write, cut at open,
   * unless a valid record with a later LSN follows it and the damage does not look like pages lost
   * in a crash (zeros: the bad record's header, or a whole 512-byte sector of the file between the
   * two). Then it is corruption, and open refuses the log.
   */
  private static boolean damageBeforeValidRecords(
      byte[] head, Prefix p, long firstLsn, int maxPayload) {
    long bad = p.end();
    if (bad >= head.length) {
      return false;
    }
    long badLsn = firstLsn + p.records().size();
    int hdr = ReferenceSegment.RECORD_HEADER_BYTES;
    long later = -1;
    for (long i = bad + 1; i + hdr <= head.length && later < 0; i++) {
      Rec r = ReferenceSegment.at(head, i, head.length, maxPayload);
      if (r != null && r.lsn() > badLsn && r.lsn() - badLsn <= (head.length - bad) / hdr + 1) {
        later = i;
      }
    }
    if (later < 0) {
      return false;
    }
    if (zeros(head, bad, Math.min(head.length, bad + hdr))) {
      return false;
    }
    for (long sec = (bad + 511) / 512 * 512; sec + 512 <= later; sec += 512) {
      if (zeros(head, sec, sec + 512)) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(byte[] b, long from, long to) {
    for (long i = from; i < to; i++) {
      if (b[(int) i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static long firstLsn(Map<Long, byte[]> onDisk, long id) {
    return ReferenceSegment.header(onDisk.get(id)).firstLsn();
  }

  private static void assertFacts(CorruptRecordException e) {
    String m = e.getMessage();
    assertTrue(
        m.contains("file=") && m.contains("offset=") && m.contains("reason="),
        "facts missing: " + m);
  }
}
