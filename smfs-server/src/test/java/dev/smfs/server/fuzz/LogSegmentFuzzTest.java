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
import java.util.TreeMap;

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
 * trusted by header; see {@link SegmentFiles#write}.
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
      if (in.bit()) {
        Files.write(dir.resolve(String.format("%020d.log.tmp", 999)), in.bytes(8));
      }
      check(in, dir, files, maxPayload);
    } finally {
      SegmentFiles.deleteTree(dir);
    }
  }

  private static void check(FuzzInput in, Path dir, Map<Long, byte[]> files, int maxPayload)
      throws IOException {
    boolean clean = isClean(files, maxPayload);
    Log log;
    try {
      log =
          Log.open(dir, new LogConfig(1L << 20, maxPayload + ReferenceSegment.RECORD_HEADER_BYTES));
    } catch (CorruptRecordException e) {
      assertFalse(clean, "a clean log failed to open: " + e.getMessage());
      assertFacts(e);
      return;
    }
    try (log) {
      Map<Long, byte[]> onDisk = checkOpened(dir, files, maxPayload, log);
      long fromLsn = in.bit() ? 1 : 1 + in.u8();
      checkScan(log, onDisk, maxPayload, fromLsn);
      checkReads(in, log, onDisk, maxPayload);
    }
  }

  /** Checks headers and tail recovery; returns the segment bytes as they are after open. */
  private static Map<Long, byte[]> checkOpened(
      Path dir, Map<Long, byte[]> files, int maxPayload, Log log) throws IOException {
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
    assertEquals(head.length - hp.end(), report.cutBytes(), "recovery cutBytes");
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
