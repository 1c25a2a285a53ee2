package dev.smfs.server.store;

import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.index.KeyValueStore;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.Appended;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.LogFullException;
import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.StatFs;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The product {@link Volume}: a log of operation records ({@link Op}, one per mutating call) plus a
 * RocksDB index rebuilt from it. A data directory holds {@code log/}, {@code index/} and a {@code
 * LOCK} file held while open.
 *
 * <p>A mutating call checks its arguments against the index (same errno rules as the reference
 * volume), appends one record, applies it to the index in one batch with its LSN, and then, outside
 * the lock, waits for the record to be as durable as the {@link Durability} requires, so that
 * concurrent callers share fsyncs (group commit). A write larger than {@link
 * VolumeConfig#maxWriteBytes()} becomes several WRITE records: after a crash a prefix of them may
 * survive, as a torn write may in POSIX; every other call is atomic.
 *
 * <p>Opening replays the log from the index's applied LSN. The index is written without its own
 * WAL; before RocksDB flushes a memtable the log is made durable up to the applied LSN, so a
 * flushed index is never ahead of the durable log, and the index's persisted applied LSN is a lower
 * bound of what the log had made durable: the log is opened after the index and refuses to cut a
 * damaged tail at or below it (corruption, not a crash; see {@link Log#open(Path, LogConfig,
 * dev.smfs.server.log.LogMetrics, long)}). Should the index be ahead of a log that ends cleanly (an
 * index copied from elsewhere, a log truncated at a record boundary), the index is wiped and
 * rebuilt from LSN 1, which requires that no segment has been cleaned away; otherwise opening fails
 * with a message saying so.
 *
 * <p>A new replica of a primary whose log no longer starts at LSN 1 starts from a base instead
 * ({@link #beginBase}, {@link #installBase}, {@link #endBase}; see {@link ReplicaBase}): the
 * primary's retained records stored as they are, plus its index state at a base LSN ({@link
 * #baseSnapshot}) with extents re-pointed at the replica's copies of the records.
 *
 * <p>Thread-safety: a read-write lock; queries share it, mutations (including open/release and
 * segment deletion by the cleaner) take it exclusively. The durability wait holds no lock. A base
 * copy takes the lock only to cut its index view and reads the view without it (close waits for
 * it).
 */
public final class LogVolume implements Volume {
  public static final String LOG_DIR = "log";
  public static final String INDEX_DIR = "index";

  /** Verified data records kept for reads: a few maximal records. */
  static final long RECORD_CACHE_BYTES = 16L << 20;

  private final Path dataDir;
  private final VolumeConfig config;
  private final Clock clock;
  private final Durability durability;
  private final boolean replica;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();

  /**
   * Base copies reading an index view outside {@link #rw} share this; closing the index takes it
   * exclusively (after {@link #rw}'s write lock), so no view outlives the database.
   */
  private final ReentrantReadWriteLock baseCopies = new ReentrantReadWriteLock();

  private final RecordCache records = new RecordCache(RECORD_CACHE_BYTES);
  private final Map<Long, Integer> openCounts = new HashMap<>(); // guarded by rw write lock
  private DataDirLock dirLock;
  private Log log;
  private LogMetrics logMetrics = LogMetrics.noop(); // the log's meters; set before start()
  private RocksKeyValueStore kv;
  private Index index;
  private OpApplier applier;
  private VolumeChecks checks;
  private Planner planner;
  private Queries queries;
  private Replay.Result replayed;
  private long recoveredLsn;
  private volatile long appliedLsn;
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private volatile ReplicaBase base; // written under the write lock; null unless installing a base

  private LogVolume(
      Path dataDir, VolumeConfig config, Clock clock, Durability durability, boolean replica) {
    this.dataDir = dataDir;
    this.replica = replica;
    this.config = config;
    this.clock = clock;
    this.durability = durability;
  }

  /**
   * Opens the volume in {@code dataDir}, creating it when new: takes the directory lock, recovers
   * the log tail, replays into the index, frees orphans left by a crash.
   *
   * @throws IOException if the directory is locked by another volume, or log or index cannot be
   *     opened or replayed
   */
  public static LogVolume open(
      Path dataDir, VolumeConfig config, Clock clock, Durability durability) throws IOException {
    return open(dataDir, config, clock, durability, false, LogMetrics.noop());
  }

  /**
   * As {@link #open(Path, VolumeConfig, Clock, Durability)}, the log's meters in {@code metrics}.
   */
  public static LogVolume open(
      Path dataDir, VolumeConfig config, Clock clock, Durability durability, LogMetrics metrics)
      throws IOException {
    return open(dataDir, config, clock, durability, false, metrics);
  }

  /**
   * Opens (or creates) a replica: the log is written only by {@link #ingest} with the primary's
   * LSNs; nothing is appended at open (no VOLUME_INIT, no orphan freeing: the primary's records do
   * that); every logged mutation through the {@link Volume} API fails with EROFS, queries work.
   */
  public static LogVolume openReplica(Path dataDir, VolumeConfig config) throws IOException {
    return openReplica(dataDir, config, LogMetrics.noop());
  }

  /** As {@link #openReplica(Path, VolumeConfig)}, the log's meters in {@code metrics}. */
  public static LogVolume openReplica(Path dataDir, VolumeConfig config, LogMetrics metrics)
      throws IOException {
    return open(dataDir, config, Clock.systemUTC(), Durability.ASYNC, true, metrics);
  }

  private static LogVolume open(
      Path dataDir,
      VolumeConfig config,
      Clock clock,
      Durability durability,
      boolean replica,
      LogMetrics metrics)
      throws IOException {
    DataDirLock.createOwnerOnly(dataDir);
    LogVolume v = new LogVolume(dataDir, config, clock, durability, replica);
    v.logMetrics = metrics;
    v.dirLock = DataDirLock.acquire(dataDir);
    try {
      v.start();
    } catch (IOException | RuntimeException e) {
      v.closeQuietly();
      throw e;
    }
    return v;
  }

  private void start() throws IOException {
    // The index first: its persisted applied LSN was durable in the log before the index flushed,
    // so the log's tail recovery must not cut below it (damage there is corruption, not a crash).
    openIndex();
    log = Log.open(dataDir.resolve(LOG_DIR), config.log(), logMetrics, index.appliedLsn());
    if (replica && index.appliedLsn() == 0 && log.firstLsn() > 1 && log.lastLsn() > 0) {
      discardUnfinishedBase();
    }
    recoveredLsn = log.lastLsn();
    if (Replay.mustRebuild(log, index, dataDir)) {
      kv.close();
      RocksKeyValueStore.destroy(dataDir.resolve(INDEX_DIR));
      openIndex();
    }
    appliedLsn = log.lastLsn(); // replayed records must be durable before a flush persists them
    replayed = Replay.run(log, index, applier);
    appliedLsn = index.appliedLsn();
    if (replica) {
      return;
    }
    if (log.lastLsn() == 0) {
      UUID id = UUID.randomUUID();
      commit(
          new Op.VolumeInit(id.getMostSignificantBits(), id.getLeastSignificantBits(), now(), 1));
    }
    for (long ino : index.orphans()) {
      commit(new Op.FreeInode(ino));
    }
    log.awaitDurable(log.lastLsn());
  }

  /**
   * A replica whose log starts past LSN 1 with nothing applied was closed while a base was being
   * installed (see {@link ReplicaBase}): its records cannot be replayed without the base, so the
   * replica starts over empty and the primary sends the base again.
   */
  private void discardUnfinishedBase() throws IOException {
    System.getLogger(LogVolume.class.getName())
        .log(
            System.Logger.Level.WARNING,
            "replica base was never completed, replica emptied: dir="
                + dataDir
                + " firstLsn="
                + log.firstLsn()
                + " lastLsn="
                + log.lastLsn());
    log.close();
    log = null;
    kv.close();
    RocksKeyValueStore.destroy(dataDir.resolve(INDEX_DIR));
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dataDir.resolve(LOG_DIR))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        java.nio.file.Files.delete(f);
      }
    }
    openIndex();
    log = Log.open(dataDir.resolve(LOG_DIR), config.log(), LogMetrics.noop(), 0);
  }

  private void openIndex() throws IOException {
    kv = RocksKeyValueStore.open(dataDir.resolve(INDEX_DIR), this::beforeIndexFlush);
    index = new Index(kv);
    applier = new OpApplier(index);
    checks = new VolumeChecks(index);
    planner = new Planner(index, checks, config, this::now, this::openCount);
    queries = new Queries(index, checks, config);
  }

  /** RocksDB is about to persist index state: the log must be durable at least as far. */
  private void beforeIndexFlush() {
    Log l = log;
    if (l == null) {
      return; // the index is opened before the log; nothing was applied yet
    }
    long lsn = Math.min(appliedLsn, l.lastLsn());
    if (lsn > 0) {
      try {
        l.awaitDurable(lsn);
      } catch (IOException | RuntimeException e) {
        // RocksDB flushes anyway; the index may now be ahead of the durable log, which the next
        // open detects (and rebuilds when it can). Stop taking mutations meanwhile.
        failure = new IllegalStateException("log not durable before index flush: " + e, e);
      }
    }
  }

  // ---- accessors for the mirror, the cleaner and tests ----

  /** The volume's log (the shipper reads it; the cleaner appends through this volume). */
  public Log log() {
    return log;
  }

  /** The volume's index (read-only use: fsck, cleaner). */
  public Index index() {
    return index;
  }

  /** LSN of the newest record. */
  public long lastLsn() {
    return log.lastLsn();
  }

  /** The volume's identity, fixed by its VOLUME_INIT record. */
  public UUID uuid() {
    return new UUID(index.meta(Index.META_UUID_HIGH), index.meta(Index.META_UUID_LOW));
  }

  /** Epoch from VOLUME_INIT (promotion of a mirror will bump it). */
  public long epoch() {
    return index.meta(Index.META_EPOCH);
  }

  /** Creation time of the volume, ns since the epoch. */
  public long createdNs() {
    return index.meta(Index.META_CREATED_NS);
  }

  /** The log's last LSN as recovered at open, before this open appended anything. */
  public long lastLsnBeforeOpen() {
    return recoveredLsn;
  }

  /** Records applied by the replay at open. */
  public long replayedRecords() {
    return replayed.records();
  }

  public Path dataDir() {
    return dataDir;
  }

  // ---- mutation plumbing ----

  long now() {
    Instant t = clock.instant();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Appends {@code op} and applies it; caller holds the write lock. Returns its LSN. */
  long commit(Op op) {
    if (replica) {
      throw new FsException(
          Errno.EROFS, "op=" + RecordType.name(op.type()) + " reason=replica_is_read_only");
    }
    Appended a;
    try {
      a = log.append(op.type(), OpCodec.encode(op));
    } catch (LogFullException e) {
      throw new FsException(Errno.ENOSPC, "op=append type=" + RecordType.name(op.type()), e);
    } catch (IOException | IllegalStateException e) {
      throw new FsException(Errno.EIO, "op=append type=" + RecordType.name(op.type()), e);
    }
    // Published before the index write: a memtable flush starting after that write must find an
    // applied LSN at least this large, so the flush hook makes this record durable first.
    appliedLsn = a.lsn();
    try {
      applier.apply(op, a.lsn(), a.address());
    } catch (RuntimeException e) {
      failure = e;
      throw new FsException(
          Errno.EIO, "op=apply lsn=" + a.lsn() + " reason=index_failed volume must be reopened", e);
    }
    return a.lsn();
  }

  /** Waits, without locks, for {@code lsn} to reach the volume's durability level. */
  private void await(long lsn) {
    if (lsn <= 0) {
      return;
    }
    try {
      durability.await(log, lsn);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new FsException(Errno.EIO, "op=await_durable lsn=" + lsn + " reason=interrupted", e);
    } catch (IOException e) {
      throw new FsException(Errno.EIO, "op=await_durable lsn=" + lsn, e);
    }
  }

  /** A mutation's result and the LSN of its last record (0: nothing was logged). */
  private record Done<T>(T value, long lsn) {}

  private interface Body<T> {
    T run();
  }

  private <T> T query(Body<T> body) {
    rw.readLock().lock();
    try {
      ensureUsable();
      return body.run();
    } finally {
      rw.readLock().unlock();
    }
  }

  private <T> T mutate(Body<Done<T>> body) {
    Done<T> done;
    rw.writeLock().lock();
    try {
      ensureUsable();
      done = body.run();
    } finally {
      rw.writeLock().unlock();
    }
    await(done.lsn());
    return done.value();
  }

  private void ensureUsable() {
    if (closed) {
      throw new IllegalStateException("volume closed: dir=" + dataDir);
    }
    RuntimeException f = failure;
    if (f != null) {
      throw new FsException(Errno.EIO, "volume failed earlier: " + f.getMessage(), f);
    }
  }

  int openCount(long ino) {
    return openCounts.getOrDefault(ino, 0);
  }

  // ---- queries ----

  @Override
  public InodeAttr getattr(long ino) {
    return query(() -> checks.inode(ino, "getattr"));
  }

  @Override
  public InodeAttr lookup(long parent, String name) {
    return query(() -> queries.lookup(parent, name));
  }

  @Override
  public String readlink(long ino) {
    return query(() -> queries.readlink(ino));
  }

  @Override
  public int read(long ino, long offset, ByteBuffer dst) {
    return query(
        () -> DataReader.read(log, records, index, checks.file(ino, offset, "read"), offset, dst));
  }

  @Override
  public List<DirEntry> readdir(long ino, long afterCookie, int max) {
    return query(() -> queries.readdir(ino, afterCookie, max));
  }

  @Override
  public StatFs statfs() {
    return query(queries::statfs);
  }

  @Override
  public byte[] getxattr(long ino, String name) {
    return query(() -> queries.getxattr(ino, name));
  }

  @Override
  public List<String> listxattr(long ino) {
    return query(() -> queries.listxattr(ino));
  }

  // ---- mutations ----

  /** Commits {@code op} (if any) and returns the attributes of {@code ino} afterwards. */
  private Done<InodeAttr> attrAfter(Op op, long ino) {
    long lsn = op == null ? 0 : commit(op);
    return new Done<>(index.inode(ino), lsn);
  }

  private Done<Void> done(Op op) {
    return new Done<>(null, op == null ? 0 : commit(op));
  }

  private InodeAttr createNode(
      int type, long parent, String name, int perm, int uid, int gid, String target) {
    return mutate(
        () -> {
          Op.CreateNode op = planner.create(type, parent, name, perm, uid, gid, target);
          return attrAfter(op, op.ino());
        });
  }

  @Override
  public InodeAttr create(long parent, String name, int perm, int uid, int gid) {
    return createNode(RecordType.CREATE, parent, name, perm, uid, gid, "");
  }

  @Override
  public InodeAttr mkdir(long parent, String name, int perm, int uid, int gid) {
    return createNode(RecordType.MKDIR, parent, name, perm, uid, gid, "");
  }

  @Override
  public InodeAttr symlink(long parent, String name, String target, int uid, int gid) {
    return createNode(RecordType.SYMLINK, parent, name, 0777, uid, gid, target);
  }

  @Override
  public InodeAttr link(long ino, long newParent, String newName) {
    return mutate(() -> attrAfter(planner.link(ino, newParent, newName), ino));
  }

  @Override
  public void unlink(long parent, String name) {
    mutate(() -> done(planner.unlink(parent, name)));
  }

  @Override
  public void rmdir(long parent, String name) {
    mutate(() -> done(planner.rmdir(parent, name)));
  }

  @Override
  public void rename(long parent, String name, long newParent, String newName) {
    mutate(() -> done(planner.rename(parent, name, newParent, newName)));
  }

  @Override
  public void open(long ino) {
    mutate(
        () -> {
          checks.inode(ino, "open");
          openCounts.merge(ino, 1, Integer::sum);
          return new Done<>(null, 0L);
        });
  }

  @Override
  public void release(long ino) {
    mutate(
        () -> {
          InodeAttr a = checks.inode(ino, "release");
          int n = openCount(ino);
          if (n == 0) {
            throw new FsException(Errno.EBADF, "op=release ino=" + ino + " reason=not_open");
          }
          if (n == 1) {
            openCounts.remove(ino);
          } else {
            openCounts.put(ino, n - 1);
          }
          if (n == 1 && a.nlink() == 0) {
            return new Done<>(null, commit(new Op.FreeInode(ino)));
          }
          return new Done<>(null, 0L);
        });
  }

  /**
   * Writes all of {@code src}, as one WRITE record per {@link VolumeConfig#maxWriteBytes()} bytes:
   * a crash may keep a prefix of a large write's records (a torn write), never a non-prefix.
   */
  @Override
  public int write(long ino, long offset, ByteBuffer src) {
    return mutate(
        () -> {
          checks.file(ino, offset, "write");
          int len = src.remaining();
          if (len == 0) {
            return new Done<>(0, 0L);
          }
          if (offset > VolumeChecks.MAX_FILE_SIZE - len) {
            throw new FsException(
                Errno.EFBIG, "op=write ino=" + ino + " offset=" + offset + " len=" + len);
          }
          long now = now();
          long lsn = 0;
          int done = 0;
          while (done < len) {
            int n = Math.min(len - done, config.maxWriteBytes());
            ByteBuffer part = src.duplicate();
            part.position(src.position() + done).limit(src.position() + done + n);
            try {
              lsn = commit(new Op.Write(ino, offset + done, now, part));
            } catch (FsException e) {
              if (e.errno() != Errno.ENOSPC || done == 0) {
                throw e;
              }
              // POSIX short write: what was logged stays written, the caller learns how much
              src.position(src.position() + done);
              return new Done<>(done, lsn);
            }
            done += n;
          }
          src.position(src.limit());
          return new Done<>(len, lsn);
        });
  }

  @Override
  public InodeAttr setattr(long ino, SetAttr changes) {
    return mutate(() -> attrAfter(planner.setattr(ino, changes), ino));
  }

  @Override
  public void setxattr(long ino, String name, byte[] value, int flags) {
    mutate(() -> done(planner.setxattr(ino, name, value, flags)));
  }

  @Override
  public void removexattr(long ino, String name) {
    mutate(() -> done(planner.removexattr(ino, name)));
  }

  @Override
  public void fsync(long ino) {
    long lsn =
        query(
            () -> {
              checks.inode(ino, "fsync");
              return log.lastLsn();
            });
    await(lsn);
    if (lsn > 0) {
      try {
        log.awaitDurable(lsn);
      } catch (IOException e) {
        throw new FsException(Errno.EIO, "op=fsync lsn=" + lsn, e);
      }
    }
  }

  // ---- replication support ----

  /** True when opened with {@link #openReplica}. */
  public boolean isReplica() {
    return replica;
  }

  /**
   * Replica only: appends a record shipped by the primary with its LSN, verbatim, and applies it to
   * the index with the same code as replay. Not yet durable (see {@code log().awaitDurable}).
   *
   * @param payload its remaining bytes (position not moved; not retained after the call)
   * @throws IllegalStateException if this is not a replica, or {@code lsn} is not the next LSN
   *     (nothing is applied past a gap)
   * @throws MalformedPayloadException if the payload does not decode (nothing appended)
   */
  public void ingest(long lsn, int type, ByteBuffer payload) throws IOException {
    rw.writeLock().lock();
    try {
      ensureUsable();
      if (!replica) {
        throw new IllegalStateException("ingest on a primary volume: dir=" + dataDir);
      }
      Op op = OpCodec.decode(type, payload);
      ReplicaBase b = base;
      if (b != null) {
        if (lsn < b.firstLsn) {
          throw new IllegalStateException(
              "record before the base's first LSN: lsn=" + lsn + " firstLsn=" + b.firstLsn);
        }
        b.stored(lsn, type, log.appendAt(lsn, type, payload).address()); // applied by endBase
        return;
      }
      Appended a = log.appendAt(lsn, type, payload);
      appliedLsn = lsn;
      try {
        applier.apply(op, lsn, a.address());
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * Primary: the index at the last LSN, for a new mirror that joins after the first records were
   * cleaned (see {@link BaseSnapshot}). Holds the volume's read lock only to cut a point-in-time
   * view of the index (a RocksDB snapshot) at the last LSN; the copy reads that view while
   * mutations go on. {@link #close} waits for a copy in progress.
   */
  public BaseSnapshot baseSnapshot() {
    return baseSnapshot(() -> {});
  }

  /**
   * As {@link #baseSnapshot()}; {@code afterCut} runs once the view is cut and the volume's lock
   * released, before the copy reads it (tests make a mutation there).
   */
  BaseSnapshot baseSnapshot(Runnable afterCut) {
    long lsn;
    UUID id;
    long ep;
    KeyValueStore.View view;
    rw.readLock().lock();
    try {
      ensureUsable();
      lsn = log.lastLsn();
      id = uuid();
      ep = epoch();
      baseCopies.readLock().lock();
      try {
        view = index.snapshotView();
      } catch (RuntimeException e) {
        baseCopies.readLock().unlock();
        throw e;
      }
    } finally {
      rw.readLock().unlock();
    }
    try (view) {
      afterCut.run();
      List<BaseEntry> entries = new java.util.ArrayList<>();
      Index.forEachBaseEntry(view, (k, v) -> entries.add(new BaseEntry.IndexEntry(k, v)));
      Index.forEachExtent(
          view,
          e ->
              entries.add(
                  new BaseEntry.ExtentRef(
                      e.ino(), e.fileOffset(), e.lsn(), e.dataOffset(), e.length())));
      return new BaseSnapshot(lsn, id, ep, entries);
    } finally {
      baseCopies.readLock().unlock();
    }
  }

  /**
   * Replica: a base follows; the log will start at {@code firstLsn} and records are stored, not
   * applied, until {@link #endBase}.
   *
   * @throws IllegalStateException unless this is an empty replica with no base under way
   */
  public void beginBase(long firstLsn, UUID volume, long epoch) {
    rw.writeLock().lock();
    try {
      ensureUsable();
      if (!replica || base != null || log.lastLsn() != 0 || index.appliedLsn() != 0) {
        throw new IllegalStateException(
            "a base needs an empty replica: dir="
                + dataDir
                + " replica="
                + replica
                + " basePending="
                + (base != null)
                + " lastLsn="
                + log.lastLsn());
      }
      base = new ReplicaBase(firstLsn, volume, epoch);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** True while a base is being installed: the replica is not yet a file system. */
  public boolean basePending() {
    return base != null;
  }

  /** First LSN of the base being installed, 0 if none. */
  public long baseFirstLsn() {
    ReplicaBase b = base;
    return b == null ? 0 : b.firstLsn;
  }

  /**
   * Replica: installs part of the base taken at {@code lsn}, once every record up to {@code lsn} is
   * stored.
   *
   * @throws IllegalStateException without a base under way, if the log does not end at {@code lsn},
   *     or if an extent names a record the replica lacks
   */
  public void installBase(long lsn, List<BaseEntry> entries) {
    rw.writeLock().lock();
    try {
      ensureUsable();
      checkBaseAt(lsn);
      base.install(index, entries);
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * Replica: completes the base taken at {@code lsn} ({@code entries} in all), makes log and index
   * durable (the index now holds state no log record can rebuild), and applies records normally
   * from then on.
   */
  public void endBase(long lsn, long entries) throws IOException {
    rw.writeLock().lock();
    try {
      ensureUsable();
      checkBaseAt(lsn);
      base.end(index, lsn, entries);
      appliedLsn = lsn;
      base = null;
      log.awaitDurable(lsn);
      index.flush();
    } finally {
      rw.writeLock().unlock();
    }
  }

  private void checkBaseAt(long lsn) {
    ReplicaBase b = base;
    if (b == null) {
      throw new IllegalStateException("no base under way: dir=" + dataDir);
    }
    long last = Math.max(log.lastLsn(), b.firstLsn - 1);
    if (lsn != last) {
      throw new IllegalStateException(
          "base LSN is not the replica's last LSN: dir="
              + dataDir
              + " baseLsn="
              + lsn
              + " lastLsn="
              + last);
    }
  }

  /**
   * Primary only (promotion): appends an EPOCH record with {@code epoch() + 1}, waits until it is
   * durable, and returns the new epoch.
   */
  public long bumpEpoch() {
    long next =
        mutate(
            () -> {
              long e = epoch() + 1;
              return new Done<>(e, commit(new Op.Epoch(e)));
            });
    try {
      log.awaitDurable(log.lastLsn());
    } catch (IOException e) {
      throw new FsException(Errno.EIO, "op=bump_epoch epoch=" + next, e);
    }
    return next;
  }

  // ---- cleaner support ----

  /**
   * Appends a CLEANER_MOVE of extent {@code e} with its current bytes {@code data}; a no-op record
   * if the extent changed meanwhile. Returns the LSN.
   */
  public long relocate(Extent e, ByteBuffer data) {
    return mutate(
        () -> {
          long lsn =
              commit(
                  new Op.CleanerMove(
                      e.ino(),
                      e.fileOffset(),
                      e.segmentId(),
                      e.recordOffset(),
                      e.dataOffset(),
                      data));
          return new Done<>(lsn, lsn);
        });
  }

  /** Reads the bytes of extent {@code e} from its record (CRC-verified). */
  public ByteBuffer readExtent(Extent e) throws IOException {
    return query(
        () -> {
          try {
            return DataReader.extentBytes(log, e);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        });
  }

  /**
   * Makes the index durable (log first, through the flush hook), then deletes segment {@code
   * segmentId} if no extent points into it. Returns whether it was deleted.
   */
  public boolean deleteSegmentIfDead(long segmentId) throws IOException {
    rw.writeLock().lock();
    try {
      ensureUsable();
      if (base != null || index.liveBytes(segmentId) != 0) {
        return false;
      }
      log.awaitDurable(log.lastLsn());
      index.flush();
      log.deleteSegment(segmentId);
      records.dropSegment(segmentId);
      return true;
    } finally {
      rw.writeLock().unlock();
    }
  }

  // ---- lifecycle ----

  /** Makes everything durable, flushes the index and closes log, index and lock. Idempotent. */
  @Override
  public void close() {
    rw.writeLock().lock();
    baseCopies.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (log != null && log.lastLsn() > 0 && failure == null) {
          log.awaitDurable(log.lastLsn());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        closeQuietly();
      }
    } finally {
      baseCopies.writeLock().unlock();
      rw.writeLock().unlock();
    }
  }

  /**
   * For crash tests: drops the index's unflushed memtable as a killed process would, then closes
   * the log and the lock. The log keeps what was appended (the caller may cut it afterwards).
   */
  public void crashForTesting() {
    rw.writeLock().lock();
    baseCopies.writeLock().lock();
    try {
      closed = true;
      RocksKeyValueStore k = kv;
      kv = null;
      if (k != null) {
        k.closeWithoutFlush();
      }
      closeQuietly();
    } finally {
      baseCopies.writeLock().unlock();
      rw.writeLock().unlock();
    }
  }

  private void closeQuietly() {
    closed = true;
    try {
      if (kv != null) {
        kv.close();
        kv = null;
      }
    } finally {
      try {
        if (log != null) {
          log.close();
        }
      } catch (IOException e) {
        // Closing after a failure: nothing more to do.
      } finally {
        try {
          if (dirLock != null) {
            dirLock.close();
            dirLock = null;
          }
        } catch (IOException e) {
          // The OS releases the lock with the process anyway.
        }
      }
    }
  }
}
