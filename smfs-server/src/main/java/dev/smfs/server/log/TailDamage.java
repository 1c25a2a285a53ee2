package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Looks past a bad record in the head segment, to tell a torn tail from corruption. Stateless.
 *
 * <p>A crash loses unsynced pages: they read back as zeros (a hole), while the pages after them may
 * have reached the disk. Bit rot or a misdirected write instead leaves non-zero garbage.
 */
final class TailDamage {
  /** Sector size of the zero blocks that mark a hole left by unwritten pages. */
  static final int SECTOR = 512;

  private static final int CHUNK = 1 << 20;

  private TailDamage() {}

  /**
   * Offset of the first valid (CRC-checked) record at or after {@code from} whose LSN is above
   * {@code badLsn} and which ends by {@code limit}; -1 if none. Reads the range in chunks and fully
   * checks only candidates with the sync byte and a plausible LSN.
   */
  static long nextValidRecord(Segment s, long from, long limit, long badLsn, int maxPayload)
      throws IOException {
    int hdr = SegmentFormat.RECORD_HEADER_BYTES;
    long chunkStart = from;
    while (chunkStart + hdr <= limit) {
      long chunkEnd = Math.min(limit, chunkStart + CHUNK + hdr);
      ByteBuffer b = TailRecovery.readRange(s, chunkStart, chunkEnd);
      int last = b.limit() - hdr;
      for (int i = 0; i <= last; i++) {
        if (b.get(i) != SegmentFormat.SYNC) {
          continue;
        }
        long lsn = b.getLong(i + SegmentFormat.LSN_OFFSET);
        if (lsn <= badLsn || lsn - badLsn > (limit - from) / hdr + 1) {
          continue; // an LSN no later record of this segment can carry
        }
        try {
          s.readRecord(chunkStart + i, limit, maxPayload);
          return chunkStart + i;
        } catch (CorruptRecordException notARecord) {
          // keep looking
        }
      }
      chunkStart += last + 1;
    }
    return -1;
  }

  /**
   * True when {@code [from, to)} holds what lost write-back leaves: the bad record's header is all
   * zeros, or some whole sector inside the range is.
   */
  static boolean looksLikeHole(Segment s, long from, long to) throws IOException {
    ByteBuffer b = TailRecovery.readRange(s, from, to);
    if (allZero(b, 0, Math.min(b.limit(), SegmentFormat.RECORD_HEADER_BYTES))) {
      return true;
    }
    long firstSector = (from + SECTOR - 1) / SECTOR * SECTOR;
    for (long sec = firstSector; sec + SECTOR <= to; sec += SECTOR) {
      int i = (int) (sec - from);
      if (allZero(b, i, i + SECTOR)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code [from, to)} of the segment is all zeros: a preallocated file's unused part
   * (see {@link SegmentPreallocator}), or pages whose write-back never happened.
   */
  static boolean zerosUpTo(Segment s, long from, long to) throws IOException {
    for (long at = from; at < to; at += CHUNK) {
      ByteBuffer b = TailRecovery.readRange(s, at, Math.min(to, at + CHUNK));
      if (!allZero(b, 0, b.limit())) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(ByteBuffer b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
