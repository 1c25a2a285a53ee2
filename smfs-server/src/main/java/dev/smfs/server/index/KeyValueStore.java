package dev.smfs.server.index;

import java.util.Map;

/**
 * The tiny ordered key-value interface the index needs. Keys compare as unsigned bytes.
 *
 * <p>Thread-safety: implementations allow concurrent readers with one writer; writes of one batch
 * become visible atomically.
 */
public interface KeyValueStore extends AutoCloseable {
  /** The value of {@code key}, or null. */
  byte[] get(byte[] key);

  /**
   * The entries whose key starts with {@code prefix} and is {@code >= from} ({@code from} starts
   * with {@code prefix}), in key order. The caller closes the cursor.
   */
  Cursor scan(byte[] prefix, byte[] from);

  /** The entry with the greatest key {@code <= key} that starts with {@code prefix}, or null. */
  Map.Entry<byte[], byte[]> floor(byte[] prefix, byte[] key);

  /** Applies every put and delete of {@code batch} atomically, in order. */
  void write(Batch batch);

  /** Makes everything written so far durable (a checkpoint of the index). */
  void flush();

  @Override
  void close();

  /** A forward cursor over a key range; not thread-safe. */
  interface Cursor extends AutoCloseable {
    /** Advances to the next entry; false at the end. */
    boolean next();

    byte[] key();

    byte[] value();

    @Override
    void close();
  }
}
