package dev.smfs.server.index;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link KeyValueStore} on a sorted map: the oracle the RocksDB store is tested against, and a fast
 * index for tests. Nothing is persisted; {@link #flush()} does nothing. Thread-safe.
 */
public final class MemoryKeyValueStore implements KeyValueStore {
  private final ConcurrentSkipListMap<byte[], byte[]> map =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    return map.get(key);
  }

  @Override
  public Cursor scan(byte[] prefix, byte[] from) {
    Iterator<Map.Entry<byte[], byte[]>> it = map.tailMap(from, true).entrySet().iterator();
    return new Cursor() {
      private Map.Entry<byte[], byte[]> cur;

      @Override
      public boolean next() {
        if (it.hasNext()) {
          cur = it.next();
          if (RocksKeyValueStore.startsWith(cur.getKey(), prefix)) {
            return true;
          }
        }
        cur = null;
        return false;
      }

      @Override
      public byte[] key() {
        return cur.getKey();
      }

      @Override
      public byte[] value() {
        return cur.getValue();
      }

      @Override
      public void close() {}
    };
  }

  /** A copy of the map, taken between batches. */
  @Override
  public synchronized View snapshot() {
    MemoryKeyValueStore copy = new MemoryKeyValueStore();
    copy.map.putAll(map);
    return new View() {
      @Override
      public Cursor scan(byte[] prefix, byte[] from) {
        return copy.scan(prefix, from);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Map.Entry<byte[], byte[]> floor(byte[] prefix, byte[] key) {
    Map.Entry<byte[], byte[]> e = map.floorEntry(key);
    if (e == null || !RocksKeyValueStore.startsWith(e.getKey(), prefix)) {
      return null;
    }
    return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
  }

  @Override
  public synchronized void write(Batch batch) {
    for (Map.Entry<byte[], byte[]> e : batch.changes().entrySet()) {
      if (Batch.isDelete(e.getValue())) {
        map.remove(e.getKey());
      } else {
        map.put(e.getKey(), e.getValue());
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
