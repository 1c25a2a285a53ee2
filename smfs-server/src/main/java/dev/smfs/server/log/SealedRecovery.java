package dev.smfs.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Verifies, at open, the sealed segments that may not be durable: sealed but still writable on disk
 * (see {@link Segment}), with records above the durable floor. Such a segment was sealed before a
 * crash and its background sync had not finished, so a power loss may have torn it (pages lost, the
 * file shorter) while later segments survived. Each of its records is read and CRC-checked; the
 * first damage a crash can explain cuts the log there: the later segments are deleted and the
 * damaged segment, cut after its last good record, becomes the head. Nothing cut was ever reported
 * durable: the group commit syncs every sealed segment before the head.
 *
 * <p>Damage a crash cannot explain (a record at or below the durable floor, a valid record with the
 * wrong LSN, bit flips followed by valid records; the rules of {@link TailRecovery}) fails the
 * open. A verified segment is synced (a crashed process may have left it only in the page cache)
 * and marked durable. A read-only open changes nothing and refuses a log that needs a cut.
 */
final class SealedRecovery {
  private SealedRecovery() {}

  /**
   * Verifies the sealed segments of {@code segs} (all but the last) that need it; may remove
   * segments from {@code segs}.
   *
   * @return the cut made, or null if none was needed
   */
  static RecoveryReport verify(
      Path dir,
      NavigableMap<Long, Segment> segs,
      int maxPayloadBytes,
      Syncer syncer,
      long durableFloor,
      boolean readOnly)
      throws IOException {
    Segment last = segs.lastEntry().getValue();
    for (Segment s : new ArrayList<>(segs.values())) {
      if (s == last) {
        return null;
      }
      if (s.synced) {
        continue;
      }
      if (s.lastLsn <= durableFloor) {
        if (!readOnly) {
          s.makeDurable(syncer); // the floor says so already; mark it to skip this next time
        }
        continue;
      }
      RecoveryReport cut = walk(dir, segs, s, maxPayloadBytes, syncer, durableFloor, readOnly);
      if (cut != null) {
        return cut;
      }
      if (!readOnly) {
        s.makeDurable(syncer);
      }
    }
    return null;
  }

  private static RecoveryReport walk(
      Path dir,
      NavigableMap<Long, Segment> segs,
      Segment s,
      int maxPayloadBytes,
      Syncer syncer,
      long durableFloor,
      boolean readOnly)
      throws IOException {
    long pos = SegmentFormat.FILE_HEADER_BYTES;
    long expected = s.firstLsn;
    String reason = null;
    while (pos < s.size) {
      LogRecord r;
      try {
        r = s.readRecord(pos, s.size, maxPayloadBytes);
      } catch (CorruptRecordException e) {
        if (expected - 1 == s.lastLsn && TailDamage.zerosUpTo(s, pos, s.size)) {
          // Every record the next segment's first LSN calls for is here, followed by zeros: a
          // preallocated segment whose cut at the seal did not reach the disk. Nothing is lost.
          trimZeros(s, pos, syncer, readOnly);
          return null;
        }
        CorruptRecordException corrupt =
            TailRecovery.classify(s, pos, s.size, expected, durableFloor, maxPayloadBytes, e);
        if (corrupt != null) {
          throw corrupt;
        }
        reason = e.reason();
        break;
      }
      if (r.lsn() == expected && expected > s.lastLsn) {
        // A valid record at or past the next segment's first LSN: no crash writes that.
        throw new CorruptRecordException(
            s.file,
            pos,
            RecoveryReport.CORRUPT_PREFIX
                + "lsn-overlap-with-next-segment lsn="
                + expected
                + " nextFirstLsn="
                + (s.lastLsn + 1));
      }
      if (r.lsn() != expected) {
        throw new CorruptRecordException(
            s.file,
            pos,
            RecoveryReport.CORRUPT_PREFIX
                + "lsn-out-of-sequence expected="
                + expected
                + " actual="
                + r.lsn());
      }
      expected++;
      pos += r.length();
    }
    if (reason == null) {
      if (expected - 1 == s.lastLsn) {
        return null; // whole and as long as the next segment's first LSN says
      }

      if (expected <= durableFloor) {
        throw new CorruptRecordException(
            s.file,
            pos,
            RecoveryReport.CORRUPT_PREFIX
                + "durable-segment-short lastLsn="
                + (expected - 1)
                + " expectedLastLsn="
                + s.lastLsn
                + " durableLsn="
                + durableFloor);
      }
      reason = "segment-ends-early lastLsn=" + (expected - 1) + " expectedLastLsn=" + s.lastLsn;
    }
    String what =
        "unsynced sealed segment torn by a crash: file="
            + s.file
            + " offset="
            + pos
            + " lsn="
            + expected
            + " cause="
            + reason;
    if (readOnly) {
      throw new IOException(what + " (a read-write open cuts the log there)");
    }
    long cutBytes = s.size - pos;
    List<Segment> later = new ArrayList<>(segs.tailMap(s.id, false).descendingMap().values());
    for (Segment l : later) { // newest first: a crash part-way leaves a log this walk cuts again
      cutBytes += l.size;
      segs.remove(l.id);
      l.delete();
    }
    try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.WRITE)) {
      ch.truncate(pos);
      syncer.force(ch);
    }
    Segment.syncDirectory(dir);
    s.size = pos;
    s.lastLsn = expected - 1;
    return new RecoveryReport(
        s.id, pos, cutBytes, Math.max(0, expected - 1), "torn-unsynced-segment " + reason);
  }

  /** Cuts the zeros after a sealed segment's last record (in memory only when read-only). */
  private static void trimZeros(Segment s, long end, Syncer syncer, boolean readOnly)
      throws IOException {
    if (!readOnly) {
      try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        syncer.force(ch);
      }
    }
    s.size = end;
  }
}
