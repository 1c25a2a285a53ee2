package dev.smfs.server.index;

/** Ordered scans: of a {@link KeyValueStore}, or of a point-in-time {@link KeyValueStore.View}. */
public interface KeyValueScans {
  /**
   * The entries whose key starts with {@code prefix} and is {@code >= from} ({@code from} starts
   * with {@code prefix}), in key order. The caller closes the cursor.
   */
  KeyValueStore.Cursor scan(byte[] prefix, byte[] from);
}
