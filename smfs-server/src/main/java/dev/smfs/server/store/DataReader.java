package dev.smfs.server.store;

import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.log.CorruptRecordException;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogAddress;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * File reads: extents from the index, bytes from CRC-verified log records, zeros for holes. A
 * record that fails its CRC (or is not the one the extent names) is EIO: never wrong bytes.
 * Stateless; called under the volume's read lock so segments are not deleted underneath.
 */
final class DataReader {
  /**
   * Largest payload read into the per-thread scratch buffer; bigger records take a buffer of their
   * own. A FUSE write makes records of at most 128 KiB of data, so a mount's reads fit; the mount
   * runs up to 256 request threads, so this bounds the scratch memory at 64 MiB (a few MiB
   * usually).
   */
  static final int SCRATCH_BYTES = 256 << 10;

  /**
   * One direct buffer per reading thread for records read once and copied out at once: a whole
   * extent in the reply (a sequential read's usual case) needs its record only for that copy, so a
   * fresh zeroed heap buffer, the channel's bounce copy into it and a place in the {@link
   * RecordCache} would only cost. Allocated on a thread's first such read.
   */
  private static final ThreadLocal<ByteBuffer> SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH_BYTES));

  private DataReader() {}

  static int read(
      Log log, RecordCache cache, Index index, InodeAttr file, long offset, ByteBuffer dst) {
    if (offset >= file.size() || !dst.hasRemaining()) {
      return 0;
    }
    int n = (int) Math.min(dst.remaining(), file.size() - offset);
    long end = offset + n;
    int base = dst.position();
    Map<LogAddress, LogRecord> records = new HashMap<>();
    List<Extent> extents = index.extents(file.ino(), offset, end);
    long pos = offset;
    for (Extent e : extents) {
      Extent part = e.slice(offset, end);
      zero(dst, base + (int) (pos - offset), (int) (part.fileOffset() - pos));
      LogRecord r;
      try {
        // All of the extent's bytes go to this reply: its record is not needed again.
        boolean once = part.length() == e.length();
        r = record(log, cache, records, part, once);
      } catch (IOException ex) {
        throw new FsException(
            Errno.EIO,
            "op=read ino=" + file.ino() + " offset=" + part.fileOffset() + " " + ex.getMessage(),
            ex);
      }
      ByteBuffer payload = r.payload();
      dst.put(
          base + (int) (part.fileOffset() - offset),
          payload,
          payload.position() + part.dataOffset(),
          part.length());
      pos = part.end();
    }
    zero(dst, base + (int) (pos - offset), (int) (end - pos));
    dst.position(base + n);
    return n;
  }

  private static void zero(ByteBuffer dst, int at, int len) {
    for (int i = 0; i < len; i++) {
      dst.put(at + i, (byte) 0);
    }
  }

  /**
   * The verified record extent {@code e} points at, from the per-call map, the cache or disk. With
   * {@code once}, a record read from disk goes into this thread's scratch buffer and into neither
   * map: the caller copies its bytes out before the next call reuses the buffer.
   */
  private static LogRecord record(
      Log log, RecordCache shared, Map<LogAddress, LogRecord> local, Extent e, boolean once)
      throws IOException {
    LogAddress a = new LogAddress(e.segmentId(), e.recordOffset());
    LogRecord r = local.get(a);
    if (r == null && shared != null) {
      r = shared.get(a);
    }
    boolean keep = true;
    if (r == null && once) {
      r = log.read(a, SCRATCH.get());
      keep = false;
    } else if (r == null) {
      r = log.read(a);
      if (shared != null && RecordType.carriesData(r.type())) {
        shared.put(r);
      }
    }
    if (r.lsn() != e.lsn()
        || !RecordType.carriesData(r.type())
        || e.dataOffset() + (long) e.length() > r.payload().remaining()) {
      throw new CorruptRecordException(
          null,
          e.recordOffset(),
          "extent_mismatch segment="
              + e.segmentId()
              + " expectedLsn="
              + e.lsn()
              + " actualLsn="
              + r.lsn()
              + " type="
              + RecordType.name(r.type()));
    }
    if (keep) {
      local.put(a, r);
    }
    return r;
  }

  /** The bytes of extent {@code e}, copied out of its verified record. */
  static ByteBuffer extentBytes(Log log, Extent e) throws IOException {
    LogRecord r = record(log, null, new HashMap<>(), e, false);
    ByteBuffer src = r.payload().duplicate();
    src.position(src.position() + e.dataOffset()).limit(src.position() + e.length());
    ByteBuffer out = ByteBuffer.allocate(e.length());
    out.put(src).flip();
    return out;
  }
}
