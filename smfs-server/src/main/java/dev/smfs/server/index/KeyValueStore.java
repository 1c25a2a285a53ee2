package dev.smfs.server.index;

import java.util.Map;

/**
 * The tiny ordered key-value interface the index needs. Keys compare as unsigned bytes.
 *
 * <p>Thread-safety: implementations allow concurrent readers with one writer; writes of one batch
 * become visible atomically.
 */
public interface KeyValueStore extends KeyValueScans, AutoCloseable {
  /** The value of {@code key}, or null. */
  byte[] get(byte[] key);

  /**
   * A point-in-time view: its scans see the store as it was when this was called, whatever is
   * written later. The caller closes it, before it closes the store.
   */
  View snapshot();

  /** The entry with the greatest key {@code <= key} that starts with {@code prefix}, or null. */
  Map.Entry<byte[], byte[]> floor(byte[] prefix, byte[] key);

  /** Applies every put and delete of {@code batch} atomically, in order. */
  void write(Batch batch);

  /** Makes everything written so far durable (a checkpoint of the index). */
  void flush();

  @Override
  void close();

  /** A point-in-time view of a store ({@link #snapshot}); its cursors are closed before it. */
  interface View extends KeyValueScans, AutoCloseable {
    @Override
    void close();
  }

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
