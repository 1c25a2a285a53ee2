package dev.smfs.server.index;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts and deletes to apply atomically, keyed so that later changes to a key replace earlier ones.
 * Also an overlay: {@link #lookup} lets a transaction read its own writes. Not thread-safe.
 */
public final class Batch {
  /** Marks a delete in {@link #changes}. */
  static final byte[] TOMBSTONE = new byte[0];

  private final TreeMap<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);

  public void put(byte[] key, byte[] value) {
    if (value == TOMBSTONE) {
      throw new IllegalArgumentException("value must not be the tombstone instance");
    }
    changes.put(key, value);
  }

  public void delete(byte[] key) {
    changes.put(key, TOMBSTONE);
  }

  /** The pending value of {@code key}: null if untouched, {@link #TOMBSTONE} if deleted. */
  byte[] lookup(byte[] key) {
    return changes.get(key);
  }

  /** The changes in key order; a value identical to {@link #TOMBSTONE} is a delete. */
  Map<byte[], byte[]> changes() {
    return changes;
  }

  static boolean isDelete(byte[] value) {
    return value == TOMBSTONE;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public int size() {
    return changes.size();
  }
}
