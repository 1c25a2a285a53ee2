package dev.smfs.server.index;

import dev.smfs.server.volume.InodeAttr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The file-system index over a {@link KeyValueStore}: inodes, directory entries with stable
 * cookies, extents, xattrs, per-segment live bytes and meta counters. Everything in it can be
 * rebuilt from the log; changes are made through an {@link IndexTxn}, committed as one batch with
 * the LSN of the record they apply.
 *
 * <p>Thread-safety: reads are safe from any thread; one writer at a time commits transactions (the
 * volume's mutation lock).
 */
public final class Index implements PointReads, AutoCloseable {
  public static final String META_APPLIED_LSN = "applied_lsn";
  public static final String META_NEXT_INO = "next_ino";
  public static final String META_UUID_HIGH = "uuid_high";
  public static final String META_UUID_LOW = "uuid_low";
  public static final String META_CREATED_NS = "created_ns";
  public static final String META_EPOCH = "epoch";
  public static final String META_INODES = "inodes";

  private final KeyValueStore kv;

  public Index(KeyValueStore kv) {
    this.kv = kv;
  }

  /** A new transaction reading through to this index. */
  public IndexTxn begin() {
    return new IndexTxn(this);
  }

  void write(Batch b) {
    kv.write(b);
  }

  /**
   * A point-in-time view of the index as committed now; later commits do not show in it. The caller
   * closes it before the index closes.
   */
  public KeyValueStore.View snapshotView() {
    return kv.snapshot();
  }

  /** The LSN of the last record whose changes the index holds (0: none). */
  public long appliedLsn() {
    return meta(META_APPLIED_LSN);
  }

  /** Makes the committed index durable (see {@link RocksKeyValueStore} for the flush hook). */
  public void flush() {
    kv.flush();
  }

  @Override
  public long meta(String name) {
    byte[] v = kv.get(IndexKeys.meta(name));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  @Override
  public InodeAttr inode(long ino) {
    byte[] v = kv.get(IndexKeys.id(IndexKeys.INODE, ino));
    return v == null ? null : InodeCodec.decode(ino, v);
  }

  @Override
  public String symlinkTarget(long ino) {
    byte[] v = kv.get(IndexKeys.id(IndexKeys.SYMLINK, ino));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  @Override
  public Dirent dirent(long parent, String name) {
    byte[] v = kv.get(IndexKeys.idName(IndexKeys.DIRENT, parent, name));
    return v == null ? null : DirentCodec.decode(v);
  }

  @Override
  public long dirParent(long dir) {
    byte[] v = kv.get(IndexKeys.id(IndexKeys.PARENT, dir));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  @Override
  public byte[] xattr(long ino, String name) {
    return kv.get(IndexKeys.idName(IndexKeys.XATTR, ino, name));
  }

  @Override
  public long liveBytes(long segmentId) {
    byte[] v = kv.get(IndexKeys.id(IndexKeys.LIVE, segmentId));
    return v == null ? 0 : IndexKeys.i64(v);
  }

  @Override
  public long nextCookie(long dir) {
    byte[] v = kv.get(IndexKeys.id(IndexKeys.NEXT_COOKIE, dir));
    return v == null ? 1 : IndexKeys.i64(v);
  }

  /** Entries of {@code dir} with cookie > {@code afterCookie}, in cookie order, at most max. */
  public List<Map.Entry<String, Dirent>> readdir(long dir, long afterCookie, int max) {
    List<Map.Entry<String, Dirent>> out = new ArrayList<>();
    byte[] prefix = IndexKeys.id(IndexKeys.COOKIE, dir);
    long from = afterCookie == Long.MAX_VALUE ? afterCookie : afterCookie + 1;
    try (KeyValueStore.Cursor c = kv.scan(prefix, IndexKeys.idId(IndexKeys.COOKIE, dir, from))) {
      while (out.size() < max && c.next()) {
        String name = new String(c.value(), StandardCharsets.UTF_8);
        Dirent d = dirent(dir, name);
        if (d == null) {
          throw new IndexException("op=readdir dir=" + dir + " name=" + name + " dirent=missing");
        }
        out.add(Map.entry(name, d));
      }
    }
    return out;
  }

  /** True if directory {@code dir} has at least one entry. */
  public boolean hasEntries(long dir) {
    byte[] prefix = IndexKeys.id(IndexKeys.DIRENT, dir);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      return c.next();
    }
  }

  /** Extents of {@code ino} overlapping [{@code from}, {@code to}), in offset order. */
  public List<Extent> extents(long ino, long from, long to) {
    List<Extent> out = new ArrayList<>();
    if (from >= to) {
      return out;
    }
    byte[] prefix = IndexKeys.id(IndexKeys.EXTENT, ino);
    byte[] start = IndexKeys.idId(IndexKeys.EXTENT, ino, from);
    // Nothing starts before offset 0, so only a later start needs the extent reaching into it.
    Map.Entry<byte[], byte[]> floor = from > 0 ? kv.floor(prefix, start) : null;
    if (floor != null) {
      Extent e = ExtentCodec.decode(ino, IndexKeys.secondId(floor.getKey()), floor.getValue());
      if (e.end() > from && e.fileOffset() < from) {
        out.add(e);
      }
    }
    try (KeyValueStore.Cursor c = kv.scan(prefix, start)) {
      while (c.next()) {
        long off = IndexKeys.secondId(c.key());
        if (off >= to) {
          break;
        }
        out.add(ExtentCodec.decode(ino, off, c.value()));
      }
    }
    return out;
  }

  /** Every extent of {@code ino}. */
  public List<Extent> extents(long ino) {
    return extents(ino, 0, Long.MAX_VALUE);
  }

  /** Names of the xattrs of {@code ino}, in byte order. */
  public List<String> xattrNames(long ino) {
    List<String> out = new ArrayList<>();
    byte[] prefix = IndexKeys.id(IndexKeys.XATTR, ino);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        out.add(IndexKeys.nameAfterId(c.key()));
      }
    }
    return out;
  }

  /** Calls {@code each} for every inode, in ino order. */
  public void forEachInode(Consumer<InodeAttr> each) {
    byte[] prefix = IndexKeys.tag(IndexKeys.INODE);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        each.accept(InodeCodec.decode(IndexKeys.firstId(c.key()), c.value()));
      }
    }
  }

  /** Inodes with no name left (nlink 0): open when the volume stopped, to be freed at open. */
  public List<Long> orphans() {
    List<Long> out = new ArrayList<>();
    forEachInode(
        a -> {
          if (a.nlink() == 0) {
            out.add(a.ino());
          }
        });
    return out;
  }

  /** A directory entry with its parent, for whole-index checks. */
  public record Entry(long parent, String name, Dirent dirent) {}

  /** Calls {@code each} for every directory entry, by parent then name. */
  public void forEachDirent(Consumer<Entry> each) {
    byte[] prefix = IndexKeys.tag(IndexKeys.DIRENT);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        each.accept(
            new Entry(
                IndexKeys.firstId(c.key()),
                IndexKeys.nameAfterId(c.key()),
                DirentCodec.decode(c.value())));
      }
    }
  }

  /** A readdir-order entry: (dir, cookie) -> name. */
  public record CookieEntry(long dir, long cookie, String name) {}

  /** Calls {@code each} for every cookie entry, by directory then cookie. */
  public void forEachCookie(Consumer<CookieEntry> each) {
    byte[] prefix = IndexKeys.tag(IndexKeys.COOKIE);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        each.accept(
            new CookieEntry(
                IndexKeys.firstId(c.key()),
                IndexKeys.secondId(c.key()),
                new String(c.value(), StandardCharsets.UTF_8)));
      }
    }
  }

  /** Calls {@code each} for every extent of every inode, by ino then offset. */
  public void forEachExtent(Consumer<Extent> each) {
    forEachExtent(kv, each);
  }

  /** As {@link #forEachExtent(Consumer)}, reading {@code from} (e.g. a {@link #snapshotView}). */
  public static void forEachExtent(KeyValueScans from, Consumer<Extent> each) {
    byte[] prefix = IndexKeys.tag(IndexKeys.EXTENT);
    try (KeyValueStore.Cursor c = from.scan(prefix, prefix)) {
      while (c.next()) {
        each.accept(
            ExtentCodec.decode(IndexKeys.firstId(c.key()), IndexKeys.secondId(c.key()), c.value()));
      }
    }
  }

  /**
   * Calls {@code each(key, value)} for every stored entry that a new mirror's base must carry
   * verbatim: everything except extents (their log addresses differ on the mirror; see {@link
   * #forEachExtent}), per-segment live bytes (recomputed from the extents) and the applied LSN.
   */
  public void forEachBaseEntry(java.util.function.BiConsumer<byte[], byte[]> each) {
    forEachBaseEntry(kv, each);
  }

  /** As {@link #forEachBaseEntry(java.util.function.BiConsumer)}, reading {@code from}. */
  public static void forEachBaseEntry(
      KeyValueScans from, java.util.function.BiConsumer<byte[], byte[]> each) {
    byte[] applied = IndexKeys.meta(META_APPLIED_LSN);
    byte[] all = new byte[0];
    try (KeyValueStore.Cursor c = from.scan(all, all)) {
      while (c.next()) {
        byte[] k = c.key();
        if (k.length == 0
            || k[0] == IndexKeys.EXTENT
            || k[0] == IndexKeys.LIVE
            || java.util.Arrays.equals(k, applied)) {
          continue;
        }
        each.accept(k, c.value());
      }
    }
  }

  /** Live bytes of every segment that has any, by segment id. */
  public Map<Long, Long> liveBytesBySegment() {
    Map<Long, Long> out = new LinkedHashMap<>();
    byte[] prefix = IndexKeys.tag(IndexKeys.LIVE);
    try (KeyValueStore.Cursor c = kv.scan(prefix, prefix)) {
      while (c.next()) {
        out.put(IndexKeys.firstId(c.key()), IndexKeys.i64(c.value()));
      }
    }
    return out;
  }

  /** Closes the store (flushing it: RocksDB flushes memtables on close). */
  @Override
  public void close() {
    kv.close();
  }

  /** The underlying store, for the volume's crash-close and destroy paths. */
  public KeyValueStore store() {
    return kv;
  }
}
