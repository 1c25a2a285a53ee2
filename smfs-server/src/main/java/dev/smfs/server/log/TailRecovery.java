package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Recovers the head segment after a crash. Appends reach the file in order and only the head is
 * ever written, so a crash can leave at most a damaged suffix there, and only above the last fsync:
 * the scan walks whole valid records with contiguous LSNs and cuts the file after the last one.
 *
 * <p>Damage that a crash cannot explain is corruption (bit rot, a lying disk), and the file is
 * never cut for it; opening fails instead, naming file, offset and LSN:
 *
 * <ul>
 *   <li>a record that passes its CRC but carries the wrong LSN;
 *   <li>a bad record whose LSN is at or below {@code durableFloor}, a lower bound of what was made
 *       durable before the crash (the caller's checkpoint, e.g. the index's persisted applied LSN);
 *   <li>a bad record that is not a hole (see {@link TailDamage#looksLikeHole}) followed by a valid
 *       record with a later LSN: the later record was written after the bad one, and unsynced
 *       write-back can lose pages (zeros) but does not flip bits.
 * </ul>
 *
 * <p>In read-only mode nothing is cut or thrown for these: the report carries the finding (its
 * {@link RecoveryReport#corrupt()} tells corruption from a torn tail) and the segment's readable
 * size stops before the damage.
 */
final class TailRecovery {
  private TailRecovery() {}

  static RecoveryReport recover(Segment head, int maxPayloadBytes, Syncer syncer)
      throws IOException {
    return recover(head, maxPayloadBytes, syncer, 0, false);
  }

  static RecoveryReport recover(
      Segment head, int maxPayloadBytes, Syncer syncer, long durableFloor, boolean readOnly)
      throws IOException {
    long fileSize = head.size;
    long pos = SegmentFormat.FILE_HEADER_BYTES;
    long expectedLsn = head.firstLsn;
    String reason = "clean";
    CorruptRecordException corruption = null;
    while (pos < fileSize) {
      LogRecord r;
      try {
        r = head.readRecord(pos, fileSize, maxPayloadBytes);
      } catch (CorruptRecordException e) {
        reason = e.reason();
        corruption = classify(head, pos, fileSize, expectedLsn, durableFloor, maxPayloadBytes, e);
        break;
      }
      if (r.lsn() != expectedLsn) {
        corruption =
            new CorruptRecordException(
                head.file,
                pos,
                RecoveryReport.CORRUPT_PREFIX
                    + "lsn-out-of-sequence expected="
                    + expectedLsn
                    + " actual="
                    + r.lsn());
        break;
      }
      expectedLsn++;
      pos += r.length();
    }
    head.lastLsn = expectedLsn - 1;
    long cut = fileSize - pos;
    long lastLsn = Math.max(0, expectedLsn - 1);
    if (corruption != null) {
      if (!readOnly) {
        throw corruption;
      }
      head.size = pos;
      return new RecoveryReport(head.id, pos, cut, lastLsn, corruption.reason());
    }
    if (cut > 0 && TailDamage.zerosUpTo(head, pos, fileSize)) {
      reason = "zero-tail"; // a preallocated head's unused part, or pages never written back
    }
    if (cut > 0 && !readOnly) {
      head.truncate(pos, syncer);
    } else {
      head.size = pos;
    }
    return new RecoveryReport(head.id, pos, cut, lastLsn, reason);
  }

  /** Null when the bad record at {@code pos} may be a torn write, else the corruption to report. */
  static CorruptRecordException classify(
      Segment head,
      long pos,
      long fileSize,
      long lsn,
      long durableFloor,
      int maxPayloadBytes,
      CorruptRecordException bad)
      throws IOException {
    if (lsn <= durableFloor) {
      return new CorruptRecordException(
          head.file,
          pos,
          RecoveryReport.CORRUPT_PREFIX
              + "durable-record-damaged lsn="
              + lsn
              + " durableLsn="
              + durableFloor
              + " cause="
              + bad.reason(),
          bad.expectedCrc(),
          bad.actualCrc());
    }
    long later = TailDamage.nextValidRecord(head, pos + 1, fileSize, lsn, maxPayloadBytes);
    if (later >= 0 && !TailDamage.looksLikeHole(head, pos, later)) {
      return new CorruptRecordException(
          head.file,
          pos,
          RecoveryReport.CORRUPT_PREFIX
              + "damaged-record-before-valid-records lsn="
              + lsn
              + " nextValidOffset="
              + later
              + " cause="
              + bad.reason(),
          bad.expectedCrc(),
          bad.actualCrc());
    }
    return null;
  }

  /**
   * Finds the last LSN of a sealed segment by walking record headers (no payload reads, no CRC);
   * used only when the next segment, whose first LSN would tell, was deleted.
   */
  static long lastLsnByHeaders(Segment s, int maxPayloadBytes) throws IOException {
    long pos = SegmentFormat.FILE_HEADER_BYTES;
    long expected = s.firstLsn;
    while (pos < s.size) {
      SegmentFormat.RecordHeader h = s.readHeader(pos, s.size, maxPayloadBytes);
      if (h.lsn() != expected) {
        throw new CorruptRecordException(
            s.file, pos, "lsn-out-of-sequence expected=" + expected + " actual=" + h.lsn());
      }
      expected++;
      pos += SegmentFormat.RECORD_HEADER_BYTES + h.payloadLength();
    }
    return expected - 1;
  }

  /** Reads {@code [from, to)} of a segment into a new heap buffer. */
  static ByteBuffer readRange(Segment s, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    s.readFully(b, from);
    b.flip();
    return b;
  }
}
