package dev.smfs.server.cleaner;

import dev.smfs.server.index.Extent;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.log.SegmentInfo;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.Op;
import dev.smfs.server.store.OpCodec;
import dev.smfs.server.store.RecordType;
import dev.smfs.server.volume.FsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log cleaner. Each {@link #step()} does one small unit of work: delete one dead segment, or
 * clean one segment chosen by cost-benefit ({@link SegmentChooser}) by copying its live extents to
 * the log head as CLEANER_MOVE records (one volume lock acquisition per extent) and then deleting
 * it.
 *
 * <p>When a segment may be deleted: no extent points into it (its live data bytes are 0; metadata
 * records carry no live bytes) AND the index has been flushed after the segment's last record was
 * applied (so replay never needs the segment again; {@link LogVolume#deleteSegmentIfDead} flushes
 * under the volume lock) AND the {@link RetentionPolicy} allows it. A consequence: once a segment
 * has been deleted, the index can no longer be rebuilt from LSN 1; the flushed index plus the log
 * is the truth.
 *
 * <p>Meters (tagged {@code volume=<uuid>}): {@code smfs_cleaner_runs_total} counts steps that did
 * work (a segment cleaned or deleted), {@code smfs_cleaner_bytes_moved_total} live bytes copied to
 * the head, {@code smfs_cleaner_segments_freed_total} segments deleted.
 *
 * <p>Thread-safety: {@link #step()} is called by one thread at a time (the background thread, or a
 * test when it is not started).
 */
public final class Cleaner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Cleaner.class.getName());

  private final LogVolume volume;
  private final RetentionPolicy retention;
  private final CleanerConfig config;
  private final Set<Long> unreadable = new HashSet<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private Thread thread;
  private volatile boolean stopped;
  private volatile long segmentsDeleted; // written by the stepping thread only
  private volatile long segmentsCleaned;
  private volatile long bytesMoved;
  private final Counter runs;
  private final Counter bytesMovedCounter;
  private final Counter segmentsFreed;

  /** A cleaner whose meters go nowhere. */
  public Cleaner(LogVolume volume, RetentionPolicy retention, CleanerConfig config) {
    this(volume, retention, config, new CompositeMeterRegistry());
  }

  /** A cleaner registering its meters in {@code registry}. */
  public Cleaner(
      LogVolume volume, RetentionPolicy retention, CleanerConfig config, MeterRegistry registry) {
    this.volume = volume;
    this.retention = retention;
    this.config = config;
    Tags tags = Tags.of("volume", volume.uuid().toString());
    runs = registry.counter(MetricNames.CLEANER_RUNS, tags);
    bytesMovedCounter = registry.counter(MetricNames.CLEANER_BYTES_MOVED, tags);
    segmentsFreed = registry.counter(MetricNames.CLEANER_SEGMENTS_FREED, tags);
  }

  /** Segments deleted so far. */
  public long segmentsDeleted() {
    return segmentsDeleted;
  }

  /** Segments whose live data was moved so far. */
  public long segmentsCleaned() {
    return segmentsCleaned;
  }

  /** Live data bytes copied to the log head so far. */
  public long bytesMoved() {
    return bytesMoved;
  }

  /**
   * One unit of work. Returns false when there was nothing worth doing.
   *
   * @throws IOException if the log or index fails
   */
  public boolean step() throws IOException {
    Log log = volume.log();
    List<SegmentInfo> segments = log.segments();
    Map<Long, Long> live = volume.index().liveBytesBySegment();
    for (SegmentInfo s : segments) {
      if (s.sealed() && live.getOrDefault(s.id(), 0L) == 0 && retention.canDelete(s)) {
        if (volume.deleteSegmentIfDead(s.id())) {
          segmentsDeleted++;
          segmentsFreed.increment();
          runs.increment();
          return true;
        }
      }
    }
    long liveTotal = live.values().stream().mapToLong(Long::longValue).sum();
    long segmentBytes = segments.isEmpty() ? 0 : segments.get(0).sizeBytes();
    for (SegmentInfo s : segments) {
      segmentBytes = Math.max(segmentBytes, s.sizeBytes());
    }
    if (log.sizeOnDisk() <= config.triggerRatio() * liveTotal + segmentBytes) {
      return false;
    }
    SegmentInfo victim =
        SegmentChooser.choose(segments, live, log.lastLsn(), config.maxUtilization(), unreadable);
    if (victim == null) {
      return false;
    }
    clean(log, victim);
    runs.increment();
    return true;
  }

  /**
   * Moves every live extent out of {@code s}, then deletes it if it is dead and retention allows.
   */
  private void clean(Log log, SegmentInfo s) throws IOException {
    List<Extent> extents = liveExtents(log, s);
    if (extents.isEmpty()) {
      // Live bytes say data is here but no record leads to it: never retry (fsck will tell).
      LOG.log(
          System.Logger.Level.WARNING, "cleaner: live bytes without extents: segment=" + s.id());
      unreadable.add(s.id());
      return;
    }
    for (Extent e : extents) {
      ByteBuffer data;
      try {
        data = volume.readExtent(e);
      } catch (FsException | UncheckedIOException ex) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cleaner: unreadable extent, segment kept: segment=" + s.id() + " extent=" + e,
            ex);
        unreadable.add(s.id());
        return;
      }
      volume.relocate(e, data);
      bytesMoved += e.length();
      bytesMovedCounter.increment(e.length());
    }
    segmentsCleaned++;
    if (retention.canDelete(s) && volume.deleteSegmentIfDead(s.id())) {
      segmentsDeleted++;
      segmentsFreed.increment();
    }
  }

  /** The extents that still point into {@code s}, found through its data records. */
  private List<Extent> liveExtents(Log log, SegmentInfo s) throws IOException {
    List<Extent> out = new ArrayList<>();
    try (LogScanner scan = log.scan(s.firstLsn())) {
      while (scan.hasNext()) {
        LogRecord r = scan.next();
        if (r.lsn() > s.lastLsn() || r.address().segmentId() != s.id()) {
          break;
        }
        if (!RecordType.carriesData(r.type())) {
          continue;
        }
        Op op = OpCodec.decode(r.type(), r.payload());
        long ino;
        long from;
        int len;
        if (op instanceof Op.Write w) {
          ino = w.ino();
          from = w.offset();
          len = w.data().remaining();
        } else {
          Op.CleanerMove m = (Op.CleanerMove) op;
          ino = m.ino();
          from = m.fileOffset();
          len = m.data().remaining();
        }
        for (Extent e : volume.index().extents(ino, from, from + len)) {
          if (e.segmentId() == s.id() && e.recordOffset() == r.address().offset()) {
            out.add(e);
          }
        }
      }
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cleaner: cannot scan segment, skipped: segment=" + s.id(),
          e);
      unreadable.add(s.id());
      return List.of();
    }
    return out;
  }

  /** Starts the background thread, which steps while there is work and waits when idle. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("cleaner already started");
    }
    thread = new Thread(this::run, "smfs-cleaner");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stopped) {
      boolean worked;
      try {
        worked = step();
      } catch (IOException | RuntimeException e) {
        if (stopped) {
          return;
        }
        LOG.log(System.Logger.Level.WARNING, "cleaner step failed", e);
        worked = false;
      }
      if (!worked) {
        lock.lock();
        try {
          if (!stopped) {
            wake.await(config.idleWaitMillis(), TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Stops the background thread (if started) and waits for it. */
  @Override
  public void close() {
    stopped = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
