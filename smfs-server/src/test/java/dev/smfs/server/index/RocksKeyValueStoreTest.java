package dev.smfs.server.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksKeyValueStore behaves like the sorted-map oracle and survives reopen. */
class RocksKeyValueStoreTest {
  @TempDir Path dir;

  private static byte[] key(Random r) {
    byte[] k = new byte[1 + r.nextInt(3)];
    r.nextBytes(k);
    k[0] = (byte) (r.nextBoolean() ? 'A' : 0xF0);
    return k;
  }

  private static List<String> dump(KeyValueScans kv, byte[] prefix) {
    List<String> out = new ArrayList<>();
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        out.add(java.util.HexFormat.of().formatHex(c.key()) + "=" + c.value().length);
      }
    }
    return out;
  }

  @Test
  void randomBatchesMatchTheSortedMapOracle() throws Exception {
    Random r = new Random(42);
    MemoryKeyValueStore oracle = new MemoryKeyValueStore();
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, () -> {})) {
      for (int i = 0; i < 300; i++) {
        Batch b = new Batch();
        for (int j = 0; j < 5; j++) {
          if (r.nextInt(4) == 0) {
            b.delete(key(r));
          } else {
            byte[] v = new byte[r.nextInt(5)];
            r.nextBytes(v);
            b.put(key(r), v);
          }
        }
        rocks.write(b);
        oracle.write(b);
        byte[] probe = key(r);
        assertArrayEquals(oracle.get(probe), rocks.get(probe));
        Map.Entry<byte[], byte[]> fo = oracle.floor(new byte[] {probe[0]}, probe);
        Map.Entry<byte[], byte[]> fr = rocks.floor(new byte[] {probe[0]}, probe);
        assertEquals(fo == null, fr == null);
        if (fo != null) {
          assertArrayEquals(fo.getKey(), fr.getKey());
        }
      }
      assertEquals(dump(oracle, new byte[] {'A'}), dump(rocks, new byte[] {'A'}));
      assertEquals(dump(oracle, new byte[] {(byte) 0xF0}), dump(rocks, new byte[] {(byte) 0xF0}));
    }
  }

  @Test
  void flushedDataSurvivesReopen() throws Exception {
    Batch b = new Batch();
    b.put(new byte[] {1}, new byte[] {9});
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, () -> {})) {
      rocks.write(b);
      rocks.flush();
    }
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, () -> {})) {
      assertArrayEquals(new byte[] {9}, rocks.get(new byte[] {1}));
    }
  }

  @Test
  void closeWithoutFlushLosesUnflushedWrites() throws Exception {
    Batch b = new Batch();
    b.put(new byte[] {1}, new byte[] {9});
    RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, () -> {});
    rocks.write(b);
    rocks.closeWithoutFlush();
    try (RocksKeyValueStore again = RocksKeyValueStore.open(dir, () -> {})) {
      assertNull(again.get(new byte[] {1}));
    }
  }

  @Test
  void flushRunsTheBeforeFlushHook() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, calls::incrementAndGet)) {
      Batch b = new Batch();
      b.put(new byte[] {1}, new byte[] {9});
      rocks.write(b);
      rocks.flush();
      assertEquals(1, calls.get());
    }
  }

  @Test
  void prefixEndCarriesPastTrailingFfBytes() {
    assertArrayEquals(
        new byte[] {1, 3},
        RocksKeyValueStore.prefixEnd(new byte[] {1, 2, (byte) 0xFF, (byte) 0xFF}));
    assertArrayEquals(new byte[] {1, 3}, RocksKeyValueStore.prefixEnd(new byte[] {1, 2}));
    assertNull(RocksKeyValueStore.prefixEnd(new byte[] {(byte) 0xFF}));
  }

  @Test
  void floorAndScanStayInsideThePrefixAcrossDeletedNeighbours() throws java.io.IOException {
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir.resolve("bounded"), () -> {})) {
      Batch b = new Batch();
      for (int i = 0; i < 100; i++) {
        b.put(new byte[] {1, (byte) i}, new byte[] {(byte) i});
        b.put(new byte[] {3, (byte) i}, new byte[] {(byte) i});
      }
      b.put(new byte[] {2, 5}, new byte[] {42});
      rocks.write(b);
      Batch d = new Batch();
      for (int i = 0; i < 100; i++) {
        d.delete(new byte[] {1, (byte) i});
        d.delete(new byte[] {3, (byte) i});
      }
      rocks.write(d);
      assertNull(rocks.floor(new byte[] {2}, new byte[] {2, 4}));
      assertArrayEquals(new byte[] {2, 5}, rocks.floor(new byte[] {2}, new byte[] {2, 9}).getKey());
      List<byte[]> keys = new ArrayList<>();
      try (KeyValueStore.Cursor c = rocks.scan(new byte[] {2}, new byte[] {2})) {
        while (c.next()) {
          keys.add(c.key());
        }
      }
      assertEquals(1, keys.size());
      assertArrayEquals(new byte[] {2, 5}, keys.get(0));
    }
  }

  @Test
  void aSnapshotViewSeesTheStoreAsItWasLikeTheOracles() throws Exception {
    Random r = new Random(7);
    MemoryKeyValueStore oracle = new MemoryKeyValueStore();
    try (RocksKeyValueStore rocks = RocksKeyValueStore.open(dir, () -> {})) {
      for (int round = 0; round < 20; round++) {
        Batch b = new Batch();
        for (int j = 0; j < 10; j++) {
          if (r.nextInt(4) == 0) {
            b.delete(key(r));
          } else {
            b.put(key(r), new byte[1 + r.nextInt(4)]);
          }
        }
        rocks.write(b);
        oracle.write(b);
      }
      byte[] a = new byte[] {'A'};
      List<String> before = dump(rocks, a);
      try (KeyValueStore.View rv = rocks.snapshot();
          KeyValueStore.View ov = oracle.snapshot()) {
        for (int round = 0; round < 20; round++) {
          Batch b = new Batch();
          b.put(key(r), new byte[] {1});
          b.delete(key(r));
          rocks.write(b);
          oracle.write(b);
        }
        assertEquals(before, dump(rv, a));
        assertEquals(before, dump(ov, a));
        assertEquals(dump(oracle, a), dump(rocks, a));
        assertNotEquals(before, dump(rocks, a)); // the store itself moved on
      }
      assertThrows(IllegalStateException.class, () -> rocksViewAfterClose(rocks));
    }
  }

  private static void rocksViewAfterClose(RocksKeyValueStore rocks) {
    KeyValueStore.View v = rocks.snapshot();
    v.close();
    v.scan(new byte[] {'A'}, new byte[] {'A'});
  }
}
