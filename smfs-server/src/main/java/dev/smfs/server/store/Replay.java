package dev.smfs.server.store;

import dev.smfs.server.index.Index;
import dev.smfs.server.log.CorruptRecordException;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import java.io.IOException;

/**
 * Brings the index up to the log's last LSN by applying every record after the index's applied LSN,
 * in order. Idempotent: a record at or below the applied LSN is never applied twice, and the
 * applied LSN moves in the same batch as each record's changes.
 */
final class Replay {
  private Replay() {}

  /** What a replay did, for logs and benchmarks. */
  record Result(long fromLsn, long toLsn, long records) {}

  /**
   * True if the index is ahead of the log (its flushed state includes records the log lost) and
   * must be wiped and rebuilt from LSN 1.
   *
   * @throws IOException if it is ahead but the log no longer starts at LSN 1 (segments cleaned)
   */
  static boolean mustRebuild(Log log, Index index, java.nio.file.Path dataDir) throws IOException {
    if (index.appliedLsn() <= log.lastLsn()) {
      return false;
    }
    if (log.firstLsn() > 1) {
      throw new IOException(
          "index is ahead of the log and the log has been cleaned, cannot rebuild: appliedLsn="
              + index.appliedLsn()
              + " lastLsn="
              + log.lastLsn()
              + " firstLsn="
              + log.firstLsn()
              + " dir="
              + dataDir);
    }
    return true;
  }

  static Result run(Log log, Index index, OpApplier applier) throws IOException {
    long applied = index.appliedLsn();
    long expected = applied + 1;
    if (applied + 1 < log.firstLsn() && applied < log.lastLsn()) {
      throw new IOException(
          "index is behind the oldest log segment: appliedLsn="
              + applied
              + " firstLsn="
              + log.firstLsn()
              + " (records needed for replay were deleted)");
    }
    long count = 0;
    try (LogScanner s = log.scan(expected)) {
      while (s.hasNext()) {
        LogRecord r = s.next();
        if (r.lsn() != expected) {
          throw new CorruptRecordException(
              null,
              r.address().offset(),
              "lsn_gap segment="
                  + r.address().segmentId()
                  + " expected="
                  + expected
                  + " actual="
                  + r.lsn());
        }
        Op op = OpCodec.decode(r.type(), r.payload());
        applier.apply(op, r.lsn(), r.address());
        expected++;
        count++;
      }
    }
    return new Result(applied + 1, expected - 1, count);
  }
}
