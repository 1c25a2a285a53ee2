package dev.smfs.server.log;

import java.io.IOException;

/**
 * Recovers the head segment after a crash. Appends reach the file in order and only the head is
 * ever written, so a crash can leave at most a torn suffix there: the scan walks whole valid
 * records with contiguous LSNs and cuts the file after the last one. A record that passes its CRC
 * but carries the wrong LSN cannot come from a torn write, so it is reported as corruption instead.
 */
final class TailRecovery {
  private TailRecovery() {}

  static RecoveryReport recover(Segment head, int maxPayloadBytes, Syncer syncer)
      throws IOException {
    long fileSize = head.size;
    long pos = SegmentFormat.FILE_HEADER_BYTES;
    long expectedLsn = head.firstLsn;
    String reason = "clean";
    while (pos < fileSize) {
      LogRecord r;
      try {
        r = head.readRecord(pos, fileSize, maxPayloadBytes);
      } catch (CorruptRecordException e) {
        reason = e.reason();
        break;
      }
      if (r.lsn() != expectedLsn) {
        throw new CorruptRecordException(
            head.file, pos, "lsn-out-of-sequence expected=" + expectedLsn + " actual=" + r.lsn());
      }
      expectedLsn++;
      pos += r.length();
    }
    head.lastLsn = expectedLsn - 1;
    long cut = fileSize - pos;
    if (cut > 0) {
      head.truncate(pos, syncer);
    } else {
      head.size = pos;
    }
    return new RecoveryReport(head.id, pos, cut, Math.max(0, expectedLsn - 1), reason);
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
}
