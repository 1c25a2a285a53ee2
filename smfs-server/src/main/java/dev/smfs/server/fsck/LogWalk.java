package dev.smfs.server.fsck;

import dev.smfs.server.log.CorruptRecordException;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogAddress;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.log.SegmentInfo;
import dev.smfs.server.store.MalformedPayloadException;
import dev.smfs.server.store.Op;
import dev.smfs.server.store.OpCodec;
import dev.smfs.server.store.RecordType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every record of every segment, verifying CRCs, LSN continuity and payload decoding, and
 * remembers where the data records are so the extent map can be checked against them. After a
 * corrupt record the rest of its segment cannot be framed; the walk goes on with the next segment.
 */
final class LogWalk {
  /** The file range a data record holds, for extent checks. */
  record DataRecord(long lsn, long ino, long fileOffset, int dataOffset, int length) {}

  /**
   * LSNs missing between two segments, before {@code file}. Legal when the cleaner deleted them
   * after an index checkpoint covering them; {@link Fsck} decides against the applied LSN.
   */
  record Gap(Path file, long fromLsn, long toLsn) {}

  final Map<LogAddress, DataRecord> data = new HashMap<>();
  final List<Gap> gaps = new java.util.ArrayList<>();
  long records;
  int segments;

  private final Path logDir;
  private final List<Problem> problems;

  LogWalk(Path logDir, List<Problem> problems) {
    this.logDir = logDir;
    this.problems = problems;
  }

  static Path segmentFile(Path logDir, long id) {
    return logDir.resolve(String.format("%020d.log", id));
  }

  void run(Log log) throws IOException {
    run(log, bytes -> {});
  }

  /** As {@link #run(Log)}, telling {@code scanned} the size of each segment once walked. */
  void run(Log log, java.util.function.LongConsumer scanned) throws IOException {
    long expected = -1;
    for (SegmentInfo s : log.segments()) {
      segments++;
      Path file = segmentFile(logDir, s.id());
      if (expected >= 0 && s.firstLsn() != expected) {
        problems.add(
            new Problem(
                file,
                0,
                "lsn_gap expectedFirstLsn=" + expected + " actualFirstLsn=" + s.firstLsn()));
      }
      walkSegment(log, s, file);
      scanned.accept(s.sizeBytes());
      expected = s.lastLsn() + 1;
    }
  }

  private void walkSegment(Log log, SegmentInfo s, Path file) throws IOException {
    if (s.recordCount() == 0) {
      return;
    }
    long expected = s.firstLsn();
    try (LogScanner scan = log.scan(s.firstLsn())) {
      while (expected <= s.lastLsn() && scan.hasNext()) {
        LogRecord r = scan.next();
        if (r.address().segmentId() != s.id()) {
          break;
        }
        if (r.lsn() != expected) {
          problems.add(
              new Problem(
                  file,
                  r.address().offset(),
                  "lsn_out_of_sequence expected=" + expected + " actual=" + r.lsn()));
        }
        expected = r.lsn() + 1;
        records++;
        decode(r, file);
      }
    } catch (CorruptRecordException e) {
      problems.add(
          new Problem(
              e.file() == null ? file : e.file(), e.offset(), "corrupt_record " + e.getMessage()));
      return;
    }
    if (expected != s.lastLsn() + 1) {
      problems.add(
          new Problem(
              file,
              -1,
              "records_missing expectedLastLsn=" + s.lastLsn() + " read=" + (expected - 1)));
    }
  }

  /**
   * Reads one record the walk did not reach; null if it is valid but holds no data.
   *
   * @throws IOException (a CorruptRecordException) if it fails its checks
   */
  DataRecord probe(Log log, LogAddress address) throws IOException {
    LogRecord r = log.read(address);
    decode(r, segmentFile(logDir, address.segmentId()));
    return data.get(address);
  }

  private void decode(LogRecord r, Path file) {
    try {
      Op op = OpCodec.decode(r.type(), r.payload());
      if (op instanceof Op.Write w) {
        data.put(
            r.address(),
            new DataRecord(
                r.lsn(),
                w.ino(),
                w.offset(),
                OpCodec.dataOffset(RecordType.WRITE),
                w.data().remaining()));
      } else if (op instanceof Op.CleanerMove m) {
        data.put(
            r.address(),
            new DataRecord(
                r.lsn(),
                m.ino(),
                m.fileOffset(),
                OpCodec.dataOffset(RecordType.CLEANER_MOVE),
                m.data().remaining()));
      }
    } catch (MalformedPayloadException e) {
      problems.add(
          new Problem(
              file,
              r.address().offset(),
              "malformed_payload lsn=" + r.lsn() + " " + e.getMessage()));
    }
  }
}
