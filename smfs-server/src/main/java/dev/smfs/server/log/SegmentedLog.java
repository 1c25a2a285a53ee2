package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * The log as a directory of segment files named by id ({@code 00000000000000000001.log}, ...). Only
 * the highest-id segment, the head, is written; older ones are sealed and immutable until deleted.
 *
 * <p>A roll seals the head and hands it to the {@link Sealer}, which syncs it in the background:
 * the append path never waits for a whole segment's fsync (at 64 MiB that was a stall of a good
 * fraction of a second every 64 MiB, which capped unsynced write throughput at the disk's rate).
 * Durability stays exact: the group commit syncs every sealed segment not yet durable, oldest
 * first, before the head, so a durable LSN never passes an unsynced record. A crash can therefore
 * tear a sealed segment too, but only one that was never reported durable and is still writable on
 * disk; the opener verifies those ({@link LogOpener}).
 *
 * <p>Thread-safety: {@code appendLock} serialises LSN assignment, segment rolls and the file write,
 * so records reach the file in LSN order; payload CRCs are computed before taking it. Syncing
 * happens outside it ({@link GroupCommit}); reads and scans take no lock and see a record once the
 * head's {@code size} covers it.
 */
final class SegmentedLog implements Log {

  private final Path dir;
  private final LogConfig config;
  private final Syncer syncer;
  private final LogMetrics metrics;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final RecoveryReport recovery;
  private final GroupCommit commit;
  private final boolean readOnly;
  private volatile Segment head; // written under appendLock
  private volatile long lastLsn; // written under appendLock, after the record is in the file
  private volatile boolean closed; // written under appendLock
  private volatile IOException failure; // set when a write or roll failed half-way
  private volatile IOException sealFailure; // set when syncing a sealed segment failed
  private final FreeSpace space; // guarded by appendLock

  /** Sealed segments not yet durable, oldest first; added under appendLock at the roll. */
  private final ConcurrentLinkedDeque<Segment> unsynced = new ConcurrentLinkedDeque<>();

  private final Sealer sealer;
  private final SegmentPreallocator spares; // null unless config.preallocate() and writable

  private SegmentedLog(
      Path dir,
      LogConfig config,
      Syncer syncer,
      LogMetrics metrics,
      ConcurrentSkipListMap<Long, Segment> segments,
      RecoveryReport recovery,
      long reserveBytes,
      boolean readOnly,
      Sealer.Factory sealers,
      SegmentPreallocator.Factory preallocators)
      throws IOException {
    this.readOnly = readOnly;
    this.dir = dir;
    this.space = new FreeSpace(dir, reserveBytes);
    this.config = config;
    this.syncer = syncer;
    this.metrics = metrics;
    this.segments = segments;
    this.recovery = recovery;
    this.head = segments.lastEntry().getValue();
    this.lastLsn = head.lastLsn;
    this.commit = new GroupCommit(lastLsn, this::syncWritten);
    this.sealer = readOnly ? null : sealers.create(dir, this::syncSealed);
    if (!readOnly && config.preallocate()) {
      spares = preallocators.create(dir, config.segmentBytes(), syncer);
      spares.prepare(head.id + 1);
    } else {
      spares = null;
    }
    metrics.recovered(recovery);
    metrics.bindGauges(this);
  }

  static SegmentedLog open(Path dir, LogConfig config, Syncer syncer) throws IOException {
    return open(dir, config, syncer, LogMetrics.noop());
  }

  static SegmentedLog open(Path dir, LogConfig config, Syncer syncer, LogMetrics metrics)
      throws IOException {
    return open(
        dir, config, syncer, metrics, FreeSpace.RESERVE_BYTES, 0, false, Sealer.Factory.THREAD);
  }

  /**
   * @param reserveBytes free space an append must leave (tests pass a negative value to let writes
   *     run into ENOSPC itself)
   */
  static SegmentedLog open(
      Path dir, LogConfig config, Syncer syncer, LogMetrics metrics, long reserveBytes)
      throws IOException {
    return open(dir, config, syncer, metrics, reserveBytes, 0, false, Sealer.Factory.THREAD);
  }

  /**
   * Opens the log; damage to a record at or below {@code durableFloor} is corruption (see {@link
   * TailRecovery}). A {@code readOnly} log changes nothing on disk and refuses appends and deletes.
   */
  static SegmentedLog open(
      Path dir,
      LogConfig config,
      Syncer syncer,
      LogMetrics metrics,
      long durableFloor,
      boolean readOnly)
      throws IOException {
    return open(
        dir,
        config,
        syncer,
        metrics,
        FreeSpace.RESERVE_BYTES,
        durableFloor,
        readOnly,
        Sealer.Factory.THREAD);
  }

  /** As the public variants, with the sealer chosen by the caller (tests run it by hand). */
  static SegmentedLog open(
      Path dir, LogConfig config, Syncer syncer, long durableFloor, Sealer.Factory sealers)
      throws IOException {
    return open(dir, config, syncer, durableFloor, sealers, SegmentPreallocator.Factory.THREAD);
  }

  /** As above, with the preallocator chosen by the caller too (tests prepare spares inline). */
  static SegmentedLog open(
      Path dir,
      LogConfig config,
      Syncer syncer,
      long durableFloor,
      Sealer.Factory sealers,
      SegmentPreallocator.Factory preallocators)
      throws IOException {
    return open(
        dir,
        config,
        syncer,
        LogMetrics.noop(),
        FreeSpace.RESERVE_BYTES,
        durableFloor,
        false,
        sealers,
        preallocators);
  }

  private static SegmentedLog open(
      Path dir,
      LogConfig config,
      Syncer syncer,
      LogMetrics metrics,
      long reserveBytes,
      long durableFloor,
      boolean readOnly,
      Sealer.Factory sealers)
      throws IOException {
    return open(
        dir,
        config,
        syncer,
        metrics,
        reserveBytes,
        durableFloor,
        readOnly,
        sealers,
        SegmentPreallocator.Factory.THREAD);
  }

  private static SegmentedLog open(
      Path dir,
      LogConfig config,
      Syncer syncer,
      LogMetrics metrics,
      long reserveBytes,
      long durableFloor,
      boolean readOnly,
      Sealer.Factory sealers,
      SegmentPreallocator.Factory preallocators)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metrics, "metrics");
    LogOpener.Opened opened = LogOpener.load(dir, config, syncer, durableFloor, readOnly);
    return new SegmentedLog(
        dir,
        config,
        syncer,
        metrics,
        opened.segments(),
        opened.report(),
        reserveBytes,
        readOnly,
        sealers,
        preallocators);
  }

  @Override
  public Appended append(int type, ByteBuffer... payloadParts) throws IOException {
    return doAppend(-1, type, payloadParts);
  }

  @Override
  public Appended appendAt(long lsn, int type, ByteBuffer... payloadParts) throws IOException {
    if (lsn < 1) {
      throw new IllegalArgumentException("lsn must be >= 1: lsn=" + lsn);
    }
    return doAppend(lsn, type, payloadParts);
  }

  private Appended doAppend(long wantedLsn, int type, ByteBuffer[] parts) throws IOException {
    SegmentFormat.checkType(type);
    ByteBuffer[] bufs = new ByteBuffer[parts.length + 1];
    long payloadLength = 0;
    for (int i = 0; i < parts.length; i++) {
      bufs[i + 1] = parts[i].duplicate();
      payloadLength += bufs[i + 1].remaining();
    }
    if (payloadLength > config.maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "record too large: payloadBytes="
              + payloadLength
              + " maxRecordBytes="
              + config.maxRecordBytes());
    }
    CRC32C crc = SegmentFormat.payloadCrc(parts);
    int recordLength = (int) (SegmentFormat.RECORD_HEADER_BYTES + payloadLength);
    Appended appended;
    appendLock.lock();
    try {
      checkWritable();
      long lsn = lastLsn + 1;
      if (wantedLsn > lsn && lastLsn == 0 && segments.size() == 1) {
        rebaseEmptyLog(wantedLsn);
        lsn = wantedLsn;
      }
      if (wantedLsn >= 0 && wantedLsn != lsn) {
        throw new IllegalStateException(
            "appendAt out of sequence: lsn=" + wantedLsn + " expected=" + lsn);
      }
      space.reserve(recordLength + (long) SegmentFormat.FILE_HEADER_BYTES);
      Segment h = head;
      if (h.size + recordLength > config.segmentBytes()) {
        h = roll();
      }
      bufs[0] = SegmentFormat.encodeRecordHeader(type, (int) payloadLength, lsn, crc);
      long pos = h.size;
      try {
        h.write(bufs, pos, recordLength);
      } catch (java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        // a full file system leaves the log usable once the partial record is cut off again
        if (space.isFull(e) && h.cutBack(pos)) {
          throw space.full(recordLength, e);
        }
        failure = new IOException("append failed, log must be reopened: file=" + h.file, e);
        throw e;
      } catch (RuntimeException e) {
        failure = new IOException("append failed, log must be reopened: file=" + h.file, e);
        throw e;
      }
      space.appended(recordLength);
      h.lastLsn = lsn;
      h.size = pos + recordLength;
      lastLsn = lsn;
      appended = new Appended(lsn, new LogAddress(h.id, pos), recordLength);
    } finally {
      appendLock.unlock();
    }
    metrics.appended(recordLength);
    return appended;
  }

  /**
   * Lets a log that never held a record start at {@code firstLsn} (a mirror joining after the
   * primary cleaned its oldest segments): the empty head is replaced by one whose header says so.
   * Caller holds appendLock.
   */
  private void rebaseEmptyLog(long firstLsn) throws IOException {
    Segment old = head;
    boolean interrupted = Thread.interrupted();
    try {
      old.close();
      Segment fresh = Segment.create(dir, old.id, firstLsn, syncer); // atomically replaces the file
      segments.put(fresh.id, fresh);
      head = fresh;
      lastLsn = firstLsn - 1;
      commit.advanceTo(firstLsn - 1); // nothing below firstLsn exists, so nothing to wait for
    } catch (IOException | RuntimeException e) {
      failure = new IOException("rebase failed, log must be reopened: file=" + old.file, e);
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Seals the head, starts the next segment and has the sealer sync the old one. Caller holds
   * appendLock.
   */
  private Segment roll() throws IOException {
    Segment old = head;
    // A roll is not abandoned half-way for an interrupt: run it with the flag cleared, restore it
    // after (the caller's write then fails with InterruptedIOException and is undone).
    boolean interrupted = Thread.interrupted();
    try {
      old.seal();
      unsynced.addLast(old);
      Segment next = null;
      Path spare = spares == null ? null : spares.take(old.id + 1);
      if (spare != null) {
        next = Segment.createFromSpare(dir, old.id + 1, lastLsn + 1, syncer, spare);
      }
      if (next == null) {
        next = Segment.create(dir, old.id + 1, lastLsn + 1, syncer);
      }
      segments.put(next.id, next);
      head = next;
      metrics.rolled();
      sealer.sealed(old);
      if (spares != null) {
        spares.prepare(next.id + 1);
      }
      return next;
    } catch (IOException | RuntimeException e) {
      failure = new IOException("segment roll failed, log must be reopened: file=" + old.file, e);
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void checkWritable() {
    IOException sf = sealFailure;
    if (sf != null) {
      throw new IllegalStateException("log failed: dir=" + dir, sf);
    }
    if (readOnly) {
      throw new IllegalStateException("log opened read-only: dir=" + dir);
    }
    if (closed) {
      throw new IllegalStateException("log closed: dir=" + dir);
    }
    if (failure != null) {
      throw new IllegalStateException("log failed: dir=" + dir, failure);
    }
  }

  /**
   * The group-commit sync: every sealed segment not yet durable (oldest first; usually none, the
   * sealer keeps up), then one fdatasync of the head, cover every record written so far.
   */
  private long syncWritten() throws IOException {
    long target;
    Segment h;
    appendLock.lock();
    try {
      target = lastLsn;
      h = head;
    } finally {
      appendLock.unlock();
    }
    long before = commit.durable();
    long start = System.nanoTime();
    syncSealed();
    h.force(syncer);
    metrics.synced(System.nanoTime() - start, target - before);
    return target;
  }

  /**
   * Syncs the sealed segments not yet durable, oldest first. Called by the group commit and by the
   * sealer; two threads syncing one segment at once is harmless. A failed sync fails the log: after
   * a failed fsync the kernel may have dropped the dirty pages, so a retry proves nothing.
   */
  private void syncSealed() throws IOException {
    IOException f = sealFailure;
    if (f != null) {
      throw f;
    }
    for (Segment s : unsynced) {
      try {
        s.force(syncer);
      } catch (java.io.InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (s.synced || !segments.containsKey(s.id)) {
          continue; // made durable by another thread, or deleted meanwhile
        }
        IOException failed =
            new IOException(
                "sync of a sealed segment failed, log must be reopened: file=" + s.file, e);
        sealFailure = failed;
        throw failed;
      }
      unsynced.remove(s);
    }
  }

  @Override
  public void awaitDurable(long lsn) throws IOException {
    long last = lastLsn;
    if (lsn > last) {
      throw new IllegalArgumentException(
          "cannot await an LSN not yet appended: lsn=" + lsn + " lastLsn=" + last);
    }
    if (lsn <= commit.durable()) {
      return;
    }
    commit.await(lsn);
  }

  @Override
  public long lastLsn() {
    return lastLsn;
  }

  @Override
  public long durableLsn() {
    return commit.durable();
  }

  @Override
  public long firstLsn() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    Segment s = first.getValue();
    return s.lastLsn >= s.firstLsn ? s.firstLsn : lastLsn + 1;
  }

  @Override
  public LogRecord read(LogAddress address) throws IOException {
    return read(address, null);
  }

  @Override
  public LogRecord read(LogAddress address, ByteBuffer scratch) throws IOException {
    Segment s = segments.get(address.segmentId());
    if (s == null) {
      throw new CorruptRecordException(
          dir.resolve(Segment.fileName(address.segmentId())),
          address.offset(),
          "no-such-segment segmentId=" + address.segmentId());
    }
    return s.readRecord(address.offset(), s.size, config.maxPayloadBytes(), scratch);
  }

  @Override
  public LogScanner scan(long fromLsn) throws IOException {
    if (closed) {
      throw new IllegalStateException("log closed: dir=" + dir);
    }
    return new SegmentScanner(segments, Math.max(1, fromLsn), config.maxPayloadBytes());
  }

  @Override
  public List<SegmentInfo> segments() {
    List<SegmentInfo> out = new ArrayList<>();
    for (Segment s : segments.values()) {
      out.add(s.info());
    }
    return out;
  }

  @Override
  public void deleteSegment(long segmentId) throws IOException {
    Segment s;
    appendLock.lock();
    try {
      checkWritable();
      s = segments.get(segmentId);
      if (s == null) {
        throw new IllegalArgumentException("no such segment: segmentId=" + segmentId);
      }
      if (s == head || !s.sealed) {
        throw new IllegalStateException("cannot delete the head segment: segmentId=" + segmentId);
      }
      segments.remove(segmentId);
      unsynced.remove(s);
    } finally {
      appendLock.unlock();
    }
    s.delete(); // outside the lock: appends need not wait for the unlink and directory sync
    Segment.syncDirectory(dir);
  }

  @Override
  public long sizeOnDisk() {
    long total = 0;
    for (Segment s : segments.values()) {
      total += s.size;
    }
    return total;
  }

  @Override
  public RecoveryReport recovery() {
    return recovery;
  }

  @Override
  public void setDurabilityListener(LongConsumer onDurable) {
    commit.setListener(onDurable);
  }

  @Override
  public void close() throws IOException {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      appendLock.unlock();
    }
    IOException failed = null;
    try {
      if (failure == null && lastLsn > commit.durable()) {
        commit.await(lastLsn);
      }
    } catch (IOException e) {
      failed = e;
    } finally {
      if (spares != null) {
        spares.close();
      }
      if (failed == null && failure == null && !readOnly) {
        try {
          head.trimPreallocated(syncer);
        } catch (IOException e) {
          failed = e;
        }
      }
      if (sealer != null) {
        sealer.close();
      }
      metrics.unbindGauges();
      for (Segment s : segments.values()) {
        try {
          s.close();
        } catch (IOException e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
