package dev.smfs.server.store;

import dev.smfs.server.log.LogAddress;
import dev.smfs.server.log.LogRecord;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently read, CRC-verified data records, least recently used first out, bounded in payload
 * bytes. A record at an address never changes, so entries stay valid until their segment is deleted
 * ({@link #dropSegment}). Without it a 4 KiB read of a file written in 1 MiB records would read and
 * checksum 1 MiB each time.
 *
 * <p>Thread-safe (one monitor; held only for map operations).
 */
final class RecordCache {
  private final long maxBytes;
  private final LinkedHashMap<LogAddress, LogRecord> map = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  RecordCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized LogRecord get(LogAddress a) {
    return map.get(a);
  }

  synchronized void put(LogRecord r) {
    long size = r.payload().remaining();
    if (size > maxBytes) {
      return;
    }
    LogRecord old = map.put(r.address(), r);
    if (old != null) {
      bytes -= old.payload().remaining();
    }
    bytes += size;
    Iterator<Map.Entry<LogAddress, LogRecord>> it = map.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      bytes -= it.next().getValue().payload().remaining();
      it.remove();
    }
  }

  synchronized void dropSegment(long segmentId) {
    Iterator<Map.Entry<LogAddress, LogRecord>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<LogAddress, LogRecord> e = it.next();
      if (e.getKey().segmentId() == segmentId) {
        bytes -= e.getValue().payload().remaining();
        it.remove();
      }
    }
  }
}
