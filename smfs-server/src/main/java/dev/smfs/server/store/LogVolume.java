package dev.smfs.server.store;

import dev.smfs.server.index.Dirent;
import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.Appended;
import dev.smfs.server.log.Log;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.StatFs;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * flushed index is never ahead of the durable log. Should it be ahead anyway (log tail lost below
 * the durable point, or an index copied from elsewhere), the index is wiped and rebuilt from LSN 1,
 * which requires that no segment has been cleaned away; otherwise opening fails with a message
 * saying so.
 *
 * <p>Thread-safety: a read-write lock; queries share it, mutations (including open/release and
 * segment deletion by the cleaner) take it exclusively. The durability wait holds no lock.
 */
public final class LogVolume implements Volume {
  public static final String LOG_DIR = "log";
  public static final String INDEX_DIR = "index";
  static final int BLOCK_SIZE = 4096;

  private final Path dataDir;
  private final VolumeConfig config;
  private final Clock clock;
  private final Durability durability;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final Map<Long, Integer> openCounts = new HashMap<>(); // guarded by rw write lock
  private DataDirLock dirLock;
  private Log log;
  private RocksKeyValueStore kv;
  private Index index;
  private OpApplier applier;
  private VolumeChecks checks;
  private Replay.Result replayed;
  private long recoveredLsn;
  private volatile long appliedLsn;
  private volatile boolean closed;
  private volatile RuntimeException failure;

  private LogVolume(Path dataDir, VolumeConfig config, Clock clock, Durability durability) {
    this.dataDir = dataDir;
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
    Files.createDirectories(dataDir);
    LogVolume v = new LogVolume(dataDir, config, clock, durability);
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
    log = Log.open(dataDir.resolve(LOG_DIR), config.log());
    recoveredLsn = log.lastLsn();
    openIndex();
    if (index.appliedLsn() > log.lastLsn()) {
      if (log.firstLsn() > 1) {
        throw new IOException(
            "index is ahead of the log and the log has been cleaned, cannot rebuild: appliedLsn="
                + index.appliedLsn()
                + " lastLsn="
                + log.lastLsn()
                + " firstLsn="
                + log.firstLsn()
                + " dir="
                + dataDir);
      }
      kv.close();
      RocksKeyValueStore.destroy(dataDir.resolve(INDEX_DIR));
      openIndex();
    }
    replayed = Replay.run(log, index, applier);
    appliedLsn = index.appliedLsn();
    if (log.lastLsn() == 0) {
      UUID id = UUID.randomUUID();
      commit(
          new Op.VolumeInit(id.getMostSignificantBits(), id.getLeastSignificantBits(), now(), 1));
    }
    List<Long> orphans = new ArrayList<>();
    index.forEachInode(
        a -> {
          if (a.nlink() == 0) {
            orphans.add(a.ino());
          }
        });
    for (long ino : orphans) {
      commit(new Op.FreeInode(ino));
    }
    log.awaitDurable(log.lastLsn());
  }

  private void openIndex() throws IOException {
    kv = RocksKeyValueStore.open(dataDir.resolve(INDEX_DIR), this::beforeIndexFlush);
    index = new Index(kv);
    applier = new OpApplier(index);
    checks = new VolumeChecks(index);
  }

  /** RocksDB is about to persist index state: the log must be durable at least as far. */
  private void beforeIndexFlush() {
    Log l = log;
    long lsn = Math.min(appliedLsn, l.lastLsn());
    if (lsn > 0) {
      try {
        l.awaitDurable(lsn);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
    Appended a;
    try {
      a = log.append(op.type(), OpCodec.encode(op));
    } catch (IOException | IllegalStateException e) {
      throw new FsException(Errno.EIO, "op=append type=" + RecordType.name(op.type()), e);
    }
    try {
      applier.apply(op, a.lsn(), a.address());
    } catch (RuntimeException e) {
      failure = e;
      throw new FsException(
          Errno.EIO, "op=apply lsn=" + a.lsn() + " reason=index_failed volume must be reopened", e);
    }
    appliedLsn = a.lsn();
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
    return query(
        () -> {
          checks.dir(parent, "lookup");
          dev.smfs.server.volume.Names.check(name);
          return checks.inode(checks.child(parent, name, "lookup").ino(), "lookup");
        });
  }

  @Override
  public String readlink(long ino) {
    return query(
        () -> {
          InodeAttr a = checks.inode(ino, "readlink");
          if (a.type() != FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, "op=readlink ino=" + ino + " type=" + a.type());
          }
          return index.symlinkTarget(ino);
        });
  }

  @Override
  public int read(long ino, long offset, ByteBuffer dst) {
    return query(() -> DataReader.read(log, index, checks.file(ino, offset, "read"), offset, dst));
  }

  @Override
  public List<DirEntry> readdir(long ino, long afterCookie, int max) {
    return query(
        () -> {
          checks.dir(ino, "readdir");
          if (max < 1 || afterCookie < 0) {
            throw new FsException(
                Errno.EINVAL, "op=readdir ino=" + ino + " after=" + afterCookie + " max=" + max);
          }
          List<DirEntry> out = new ArrayList<>();
          for (Map.Entry<String, Dirent> e : index.readdir(ino, afterCookie, max)) {
            Dirent d = e.getValue();
            out.add(new DirEntry(e.getKey(), d.ino(), d.type(), d.cookie()));
          }
          return out;
        });
  }

  @Override
  public StatFs statfs() {
    return query(
        () -> {
          long live = 0;
          for (long b : index.liveBytesBySegment().values()) {
            live += b;
          }
          long total = config.capacityBytes() / BLOCK_SIZE;
          long free = Math.max(0, total - (live + BLOCK_SIZE - 1) / BLOCK_SIZE);
          long inodes = index.meta(Index.META_INODES);
          return new StatFs(
              BLOCK_SIZE,
              total,
              free,
              free,
              config.maxInodes(),
              Math.max(0, config.maxInodes() - inodes),
              MAX_NAME_BYTES);
        });
  }

  @Override
  public byte[] getxattr(long ino, String name) {
    return query(
        () -> {
          checks.inode(ino, "getxattr");
          VolumeChecks.xattrName(ino, name, "getxattr");
          byte[] v = index.xattr(ino, name);
          if (v == null) {
            throw new FsException(Errno.ENODATA, "op=getxattr ino=" + ino + " name=" + name);
          }
          return v;
        });
  }

  @Override
  public List<String> listxattr(long ino) {
    return query(
        () -> {
          checks.inode(ino, "listxattr");
          List<String> names = new ArrayList<>(index.xattrNames(ino));
          names.sort(null);
          return List.copyOf(names);
        });
  }

  // ---- mutations ----

  private Done<InodeAttr> created(Op.CreateNode op) {
    long lsn = commit(op);
    return new Done<>(index.inode(op.ino()), lsn);
  }

  private Op.CreateNode node(
      int type, long parent, String name, int perm, int uid, int gid, String target) {
    long ino = index.meta(Index.META_NEXT_INO);
    return new Op.CreateNode(
        type, parent, name, ino, index.nextCookie(parent), perm, uid, gid, now(), target);
  }

  private void checkInodeRoom(String op) {
    if (index.meta(Index.META_INODES) >= config.maxInodes()) {
      throw new FsException(Errno.ENOSPC, "op=" + op + " maxInodes=" + config.maxInodes());
    }
  }

  @Override
  public InodeAttr create(long parent, String name, int perm, int uid, int gid) {
    return mutate(
        () -> {
          checks.dirForNewName(parent, name, "create");
          VolumeChecks.perm(perm, "create");
          checkInodeRoom("create");
          return created(node(RecordType.CREATE, parent, name, perm, uid, gid, ""));
        });
  }

  @Override
  public InodeAttr mkdir(long parent, String name, int perm, int uid, int gid) {
    return mutate(
        () -> {
          checks.dirForNewName(parent, name, "mkdir");
          VolumeChecks.perm(perm, "mkdir");
          checkInodeRoom("mkdir");
          return created(node(RecordType.MKDIR, parent, name, perm, uid, gid, ""));
        });
  }

  @Override
  public InodeAttr symlink(long parent, String name, String target, int uid, int gid) {
    return mutate(
        () -> {
          checks.dirForNewName(parent, name, "symlink");
          VolumeChecks.symlinkTarget(name, target);
          checkInodeRoom("symlink");
          return created(node(RecordType.SYMLINK, parent, name, 0777, uid, gid, target));
        });
  }

  @Override
  public InodeAttr link(long ino, long newParent, String newName) {
    return mutate(
        () -> {
          InodeAttr a = checks.inode(ino, "link");
          checks.dirForNewName(newParent, newName, "link");
          if (a.type() == FileType.DIRECTORY) {
            throw new FsException(Errno.EPERM, "op=link ino=" + ino + " reason=directory");
          }
          if (a.nlink() == 0) {
            throw new FsException(Errno.ENOENT, "op=link ino=" + ino + " reason=unlinked");
          }
          long lsn =
              commit(new Op.Link(ino, newParent, newName, index.nextCookie(newParent), now()));
          return new Done<>(index.inode(ino), lsn);
        });
  }

  @Override
  public void unlink(long parent, String name) {
    mutate(
        () -> {
          checks.dir(parent, "unlink");
          dev.smfs.server.volume.Names.check(name);
          Dirent d = checks.child(parent, name, "unlink");
          InodeAttr a = checks.inode(d.ino(), "unlink");
          if (a.type() == FileType.DIRECTORY) {
            throw new FsException(Errno.EISDIR, "op=unlink parent=" + parent + " name=" + name);
          }
          boolean keep = openCount(d.ino()) > 0;
          return new Done<>(
              null, commit(new Op.Remove(RecordType.UNLINK, parent, name, now(), keep)));
        });
  }

  @Override
  public void rmdir(long parent, String name) {
    mutate(
        () -> {
          checks.dir(parent, "rmdir");
          dev.smfs.server.volume.Names.check(name);
          Dirent d = checks.child(parent, name, "rmdir");
          InodeAttr a = checks.inode(d.ino(), "rmdir");
          if (a.type() != FileType.DIRECTORY) {
            throw new FsException(Errno.ENOTDIR, "op=rmdir parent=" + parent + " name=" + name);
          }
          if (index.hasEntries(d.ino())) {
            throw new FsException(Errno.ENOTEMPTY, "op=rmdir parent=" + parent + " name=" + name);
          }
          boolean keep = openCount(d.ino()) > 0;
          return new Done<>(
              null, commit(new Op.Remove(RecordType.RMDIR, parent, name, now(), keep)));
        });
  }

  @Override
  public void rename(long parent, String name, long newParent, String newName) {
    mutate(
        () -> {
          checks.dir(parent, "rename");
          dev.smfs.server.volume.Names.check(name);
          checks.dirForNewName(newParent, newName, "rename");
          Dirent src = checks.child(parent, name, "rename");
          checks.inode(src.ino(), "rename");
          Dirent dst = index.dirent(newParent, newName);
          String facts = "op=rename parent=" + parent + " name=" + name + " newParent=" + newParent;
          boolean srcDir = src.type() == FileType.DIRECTORY;
          if (srcDir && checks.isAncestorOrSelf(src.ino(), newParent)) {
            throw new FsException(Errno.EINVAL, facts + " reason=into_own_subtree");
          }
          if (dst != null
              && dst.type() == FileType.DIRECTORY
              && checks.isAncestorOrSelf(dst.ino(), parent)) {
            throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_is_ancestor");
          }
          if (dst != null && dst.ino() == src.ino()) {
            return new Done<>(null, 0L);
          }
          if (dst != null) {
            boolean dstDir = dst.type() == FileType.DIRECTORY;
            if (srcDir && !dstDir) {
              throw new FsException(Errno.ENOTDIR, facts + " reason=dir_over_non_dir");
            }
            if (!srcDir && dstDir) {
              throw new FsException(Errno.EISDIR, facts + " reason=non_dir_over_dir");
            }
            if (dstDir && index.hasEntries(dst.ino())) {
              throw new FsException(Errno.ENOTEMPTY, facts + " reason=target_not_empty");
            }
          }
          boolean keep = dst != null && openCount(dst.ino()) > 0;
          long cookie = index.nextCookie(newParent);
          return new Done<>(
              null, commit(new Op.Rename(parent, name, newParent, newName, cookie, now(), keep)));
        });
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
            lsn = commit(new Op.Write(ino, offset + done, now, part));
            done += n;
          }
          src.position(src.limit());
          return new Done<>(len, lsn);
        });
  }

  @Override
  public InodeAttr setattr(long ino, SetAttr c) {
    return mutate(
        () -> {
          InodeAttr a = checks.inode(ino, "setattr");
          if (c.size() != null) {
            if (a.type() == FileType.DIRECTORY) {
              throw new FsException(Errno.EISDIR, "op=setattr ino=" + ino + " field=size");
            }
            if (a.type() != FileType.REGULAR) {
              throw new FsException(Errno.EINVAL, "op=setattr ino=" + ino + " type=" + a.type());
            }
            if (c.size() > VolumeChecks.MAX_FILE_SIZE) {
              throw new FsException(Errno.EFBIG, "op=setattr ino=" + ino + " size=" + c.size());
            }
          }
          int mask =
              (c.perm() != null ? SetAttrCodec.M_PERM : 0)
                  | (c.uid() != null ? SetAttrCodec.M_UID : 0)
                  | (c.gid() != null ? SetAttrCodec.M_GID : 0)
                  | (c.size() != null ? SetAttrCodec.M_SIZE : 0)
                  | (c.atimeNs() != null ? SetAttrCodec.M_ATIME : 0)
                  | (c.mtimeNs() != null ? SetAttrCodec.M_MTIME : 0);
          if (mask == 0) {
            return new Done<>(a, 0L);
          }
          long now = now();
          Op.SetAttrs op =
              new Op.SetAttrs(
                  ino,
                  mask,
                  c.perm() == null ? 0 : c.perm(),
                  c.uid() == null ? 0 : c.uid(),
                  c.gid() == null ? 0 : c.gid(),
                  c.size() == null ? 0 : c.size(),
                  resolve(c.atimeNs(), now),
                  resolve(c.mtimeNs(), now),
                  now);
          long lsn = commit(op);
          return new Done<>(index.inode(ino), lsn);
        });
  }

  private static long resolve(Long t, long now) {
    if (t == null) {
      return 0;
    }
    return t == SetAttr.NOW ? now : t;
  }

  @Override
  public void setxattr(long ino, String name, byte[] value, int flags) {
    mutate(
        () -> {
          checks.inode(ino, "setxattr");
          VolumeChecks.xattrName(ino, name, "setxattr");
          if (value == null) {
            throw new FsException(Errno.EINVAL, "op=setxattr ino=" + ino + " reason=null_value");
          }
          if (value.length > VolumeChecks.MAX_XATTR_VALUE_BYTES) {
            throw new FsException(
                Errno.ERANGE, "op=setxattr ino=" + ino + " name=" + name + " len=" + value.length);
          }
          if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0) {
            throw new FsException(Errno.EINVAL, "op=setxattr ino=" + ino + " flags=" + flags);
          }
          boolean exists = index.xattr(ino, name) != null;
          if (exists && (flags & XATTR_CREATE) != 0) {
            throw new FsException(Errno.EEXIST, "op=setxattr ino=" + ino + " name=" + name);
          }
          if (!exists && (flags & XATTR_REPLACE) != 0) {
            throw new FsException(Errno.ENODATA, "op=setxattr ino=" + ino + " name=" + name);
          }
          return new Done<>(null, commit(new Op.Xattr(ino, name, value.clone(), now())));
        });
  }

  @Override
  public void removexattr(long ino, String name) {
    mutate(
        () -> {
          checks.inode(ino, "removexattr");
          VolumeChecks.xattrName(ino, name, "removexattr");
          if (index.xattr(ino, name) == null) {
            throw new FsException(Errno.ENODATA, "op=removexattr ino=" + ino + " name=" + name);
          }
          return new Done<>(null, commit(new Op.Xattr(ino, name, null, now())));
        });
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
      if (index.liveBytes(segmentId) != 0) {
        return false;
      }
      log.awaitDurable(log.lastLsn());
      index.flush();
      log.deleteSegment(segmentId);
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
      rw.writeLock().unlock();
    }
  }

  /**
   * For crash tests: drops the index's unflushed memtable as a killed process would, then closes
   * the log and the lock. The log keeps what was appended (the caller may cut it afterwards).
   */
  public void crashForTesting() {
    rw.writeLock().lock();
    try {
      closed = true;
      RocksKeyValueStore k = kv;
      kv = null;
      if (k != null) {
        k.closeWithoutFlush();
      }
      closeQuietly();
    } finally {
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
