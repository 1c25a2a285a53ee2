package dev.smfs.server.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.FlushJobInfo;
import org.rocksdb.FlushOptions;
import org.rocksdb.MutableDBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link KeyValueStore} on RocksDB with its write-ahead log disabled: the volume's log is the WAL.
 * Because RocksDB may then flush memtables at any time, {@code beforeFlush} runs on the flushing
 * thread before every flush; the volume uses it to make its log durable up to the applied LSN, so a
 * flushed index is never ahead of the durable log.
 *
 * <p>Thread-safety: as RocksDB; {@link #close()} must not race with other calls.
 */
public final class RocksKeyValueStore implements KeyValueStore {
  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Options options;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final FlushOptions flushOptions;
  private final FlushHook hook;
  private final RocksDB db;

  /** Opens (creating if absent) the store in {@code dir}; {@code beforeFlush} may be a no-op. */
  public static RocksKeyValueStore open(Path dir, Runnable beforeFlush) throws IOException {
    Files.createDirectories(dir);
    return new RocksKeyValueStore(dir, beforeFlush);
  }

  /**
   * Opens an existing store for reading only (fsck): nothing under {@code dir} is created or
   * changed; RocksDB's info log goes to {@code infoLogDir} instead. Writes and flushes fail.
   */
  public static RocksKeyValueStore openReadOnly(Path dir, Path infoLogDir) throws IOException {
    return new RocksKeyValueStore(dir, () -> {}, infoLogDir);
  }

  private RocksKeyValueStore(Path dir, Runnable beforeFlush) throws IOException {
    this(dir, beforeFlush, null);
  }

  private RocksKeyValueStore(Path dir, Runnable beforeFlush, Path readOnlyInfoLogDir)
      throws IOException {
    this.dir = dir;
    this.hook = new FlushHook(beforeFlush);
    boolean readOnly = readOnlyInfoLogDir != null;
    this.options =
        new Options()
            .setCreateIfMissing(!readOnly)
            .setListeners(List.of(hook))
            .setWriteBufferSize(16L << 20)
            .setMaxBackgroundJobs(2);
    if (readOnly) {
      options.setDbLogDir(readOnlyInfoLogDir.toString());
    }
    this.writeOptions = new WriteOptions().setDisableWAL(true);
    this.readOptions = new ReadOptions();
    this.flushOptions = new FlushOptions().setWaitForFlush(true);
    RocksDB opened = null;
    try {
      opened =
          readOnly
              ? RocksDB.openReadOnly(options, dir.toString())
              : RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      closeOptions();
      throw new IOException("op=index_open dir=" + dir + " error=" + e.getMessage(), e);
    }
    this.db = opened;
  }

  /** Runs the volume's hook on RocksDB's flush thread; an exception there would abort the JVM. */
  private static final class FlushHook extends AbstractEventListener {
    private final Runnable beforeFlush;

    FlushHook(Runnable beforeFlush) {
      super(EnabledEventCallback.ON_FLUSH_BEGIN);
      this.beforeFlush = beforeFlush;
    }

    @Override
    public void onFlushBegin(RocksDB db, FlushJobInfo info) {
      try {
        beforeFlush.run();
      } catch (RuntimeException e) {
        // Nothing can be reported from a native callback; the volume logs its own failures.
      }
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(readOptions, key);
    } catch (RocksDBException e) {
      throw new IndexException("op=get dir=" + dir + " error=" + e.getMessage(), e);
    }
  }

  @Override
  public Cursor scan(byte[] prefix, byte[] from) {
    return scan(prefix, from, null);
  }

  /** A RocksDB snapshot: scans read the database as of this call until the view is closed. */
  @Override
  public View snapshot() {
    Snapshot snap = db.getSnapshot();
    return new View() {
      private boolean closed;

      @Override
      public Cursor scan(byte[] prefix, byte[] from) {
        if (closed) {
          throw new IllegalStateException("snapshot view closed: dir=" + dir);
        }
        return RocksKeyValueStore.this.scan(prefix, from, snap);
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          db.releaseSnapshot(snap);
        }
      }
    };
  }

  private Cursor scan(byte[] prefix, byte[] from, Snapshot snap) {
    // Bounded to the prefix: otherwise a scan that runs out of live keys in its prefix walks on
    // through every tombstone after it (deleted extents and entries pile up there).
    byte[] end = prefixEnd(prefix);
    Slice upper = end == null ? null : new Slice(end);
    ReadOptions bounded = new ReadOptions();
    if (upper != null) {
      bounded.setIterateUpperBound(upper);
    }
    if (snap != null) {
      bounded.setSnapshot(snap);
    }
    RocksIterator it = db.newIterator(bounded);
    it.seek(from);
    return new Cursor() {
      private boolean started;
      private byte[] key;
      private byte[] value;

      @Override
      public boolean next() {
        if (started) {
          it.next();
        }
        started = true;
        if (!it.isValid() || !startsWith(it.key(), prefix)) {
          key = null;
          value = null;
          return false;
        }
        key = it.key();
        value = it.value();
        return true;
      }

      @Override
      public byte[] key() {
        return key;
      }

      @Override
      public byte[] value() {
        return value;
      }

      @Override
      public void close() {
        it.close();
        bounded.close();
        if (upper != null) {
          upper.close();
        }
      }
    };
  }

  @Override
  public Map.Entry<byte[], byte[]> floor(byte[] prefix, byte[] key) {
    // The lower bound stops the backward seek at the prefix instead of walking back through the
    // tombstones of deleted keys before it (e.g. the extents of every file deleted earlier).
    try (Slice lower = new Slice(prefix);
        ReadOptions bounded = new ReadOptions().setIterateLowerBound(lower);
        RocksIterator it = db.newIterator(bounded)) {
      it.seekForPrev(key);
      if (!it.isValid() || !startsWith(it.key(), prefix)) {
        return null;
      }
      return new AbstractMap.SimpleImmutableEntry<>(it.key(), it.value());
    }
  }

  /** The smallest key above every key starting with {@code prefix}; null if there is none. */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public void write(Batch batch) {
    try (WriteBatch wb = new WriteBatch()) {
      for (Map.Entry<byte[], byte[]> e : batch.changes().entrySet()) {
        if (Batch.isDelete(e.getValue())) {
          wb.delete(e.getKey());
        } else {
          wb.put(e.getKey(), e.getValue());
        }
      }
      db.write(writeOptions, wb);
    } catch (RocksDBException e) {
      throw new IndexException("op=write dir=" + dir + " error=" + e.getMessage(), e);
    }
  }

  @Override
  public void flush() {
    try {
      db.flush(flushOptions);
    } catch (RocksDBException e) {
      throw new IndexException("op=flush dir=" + dir + " error=" + e.getMessage(), e);
    }
  }

  /**
   * Closes without flushing the memtable: what was not flushed is lost, as in a process crash. For
   * crash tests and for shutting down when the log could not be made durable.
   */
  public void closeWithoutFlush() {
    try {
      db.setDBOptions(MutableDBOptions.builder().setAvoidFlushDuringShutdown(true).build());
    } catch (RocksDBException e) {
      throw new IndexException("op=close_without_flush dir=" + dir, e);
    } finally {
      close();
    }
  }

  /** Flushes (through the hook) and closes the database and every native options object. */
  @Override
  public void close() {
    try {
      db.close();
    } finally {
      closeOptions();
    }
  }

  private void closeOptions() {
    flushOptions.close();
    readOptions.close();
    writeOptions.close();
    options.close();
    hook.close();
  }

  /** Deletes the store's files; the store must be closed. */
  public static void destroy(Path dir) {
    try (Options o = new Options()) {
      RocksDB.destroyDB(dir.toString(), o);
    } catch (RocksDBException e) {
      throw new UncheckedIOException(new IOException("op=index_destroy dir=" + dir, e));
    }
  }
}
