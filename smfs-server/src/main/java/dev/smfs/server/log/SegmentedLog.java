package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * The log as a directory of segment files named by id ({@code 00000000000000000001.log}, ...). Only
 * the highest-id segment, the head, is written; older ones are sealed, fully synced and immutable
 * until deleted.
 *
 * <p>Thread-safety: {@code appendLock} serialises LSN assignment, segment rolls and the file write,
 * so records reach the file in LSN order; payload CRCs are computed before taking it. Syncing
 * happens outside it ({@link GroupCommit}); reads and scans take no lock and see a record once the
 * head's {@code size} covers it.
 */
final class SegmentedLog implements Log {
  private static final System.Logger LOG = System.getLogger(SegmentedLog.class.getName());

  private final Path dir;
  private final LogConfig config;
  private final Syncer syncer;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final RecoveryReport recovery;
  private final GroupCommit commit;
  private volatile Segment head; // written under appendLock
  private volatile long lastLsn; // written under appendLock, after the record is in the file
  private volatile boolean closed; // written under appendLock
  private volatile IOException failure; // set when a write or roll failed half-way

  private SegmentedLog(
      Path dir,
      LogConfig config,
      Syncer syncer,
      ConcurrentSkipListMap<Long, Segment> segments,
      RecoveryReport recovery) {
    this.dir = dir;
    this.config = config;
    this.syncer = syncer;
    this.segments = segments;
    this.recovery = recovery;
    this.head = segments.lastEntry().getValue();
    this.lastLsn = head.lastLsn;
    this.commit = new GroupCommit(lastLsn, this::syncWritten);
  }

  static SegmentedLog open(Path dir, LogConfig config, Syncer syncer) throws IOException {
    Objects.requireNonNull(config, "config");
    Files.createDirectories(dir);
    ConcurrentSkipListMap<Long, Segment> segs = new ConcurrentSkipListMap<>();
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if (name.endsWith(".log.tmp")) {
            Files.delete(f); // a segment whose creation did not finish; it never held records
          } else if (name.matches("[0-9]{20}\\.log")) {
            long id = Long.parseLong(name.substring(0, 20));
            segs.put(id, Segment.openExisting(f, id));
          }
        }
      }
      if (segs.isEmpty()) {
        segs.put(1L, Segment.create(dir, 1, 1, syncer));
      }
      establishSealedLsns(segs, config.maxPayloadBytes());
      Segment head = segs.lastEntry().getValue();
      head.openForAppend();
      RecoveryReport report = TailRecovery.recover(head, config.maxPayloadBytes(), syncer);
      head.force(syncer); // what a crashed process left in the page cache is now durable too
      if (report.truncated()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "log tail cut: file={0} offset={1} cutBytes={2} lastLsn={3} reason={4}",
            head.file,
            report.validBytes(),
            report.cutBytes(),
            report.lastLsn(),
            report.reason());
      }
      return new SegmentedLog(dir, config, syncer, segs, report);
    } catch (IOException | RuntimeException e) {
      for (Segment s : segs.values()) {
        try {
          s.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Fills lastLsn of every sealed segment and checks LSN continuity between neighbours. */
  private static void establishSealedLsns(NavigableMap<Long, Segment> segs, int maxPayload)
      throws IOException {
    Segment prev = null;
    for (Segment s : segs.values()) {
      if (prev != null) {
        if (s.id == prev.id + 1) {
          if (s.firstLsn <= prev.firstLsn) {
            throw new CorruptRecordException(
                s.file,
                0,
                "lsn-not-increasing firstLsn=" + s.firstLsn + " previousFirstLsn=" + prev.firstLsn);
          }
          prev.lastLsn = s.firstLsn - 1;
        } else {
          prev.lastLsn = TailRecovery.lastLsnByHeaders(prev, maxPayload);
          if (s.firstLsn <= prev.lastLsn) {
            throw new CorruptRecordException(
                s.file, 0, "lsn-overlap firstLsn=" + s.firstLsn + " previousLast=" + prev.lastLsn);
          }
        }
      }
      prev = s;
    }
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
    appendLock.lock();
    try {
      checkWritable();
      long lsn = lastLsn + 1;
      if (wantedLsn >= 0 && wantedLsn != lsn) {
        throw new IllegalStateException(
            "appendAt out of sequence: lsn=" + wantedLsn + " expected=" + lsn);
      }
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
      } catch (IOException | RuntimeException e) {
        failure = new IOException("append failed, log must be reopened: file=" + h.file, e);
        throw e;
      }
      h.lastLsn = lsn;
      h.size = pos + recordLength;
      lastLsn = lsn;
      return new Appended(lsn, new LogAddress(h.id, pos), recordLength);
    } finally {
      appendLock.unlock();
    }
  }

  /** Seals the head (syncing it) and starts the next segment. Caller holds appendLock. */
  private Segment roll() throws IOException {
    Segment old = head;
    try {
      old.seal(syncer);
      Segment next = Segment.create(dir, old.id + 1, lastLsn + 1, syncer);
      segments.put(next.id, next);
      head = next;
      return next;
    } catch (IOException | RuntimeException e) {
      failure = new IOException("segment roll failed, log must be reopened: file=" + old.file, e);
      throw e;
    }
  }

  private void checkWritable() {
    if (closed) {
      throw new IllegalStateException("log closed: dir=" + dir);
    }
    if (failure != null) {
      throw new IllegalStateException("log failed: dir=" + dir, failure);
    }
  }

  /** The group-commit sync: one fdatasync of the head covers every record written so far. */
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
    h.force(syncer); // older segments were synced when sealed
    return target;
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
    Segment s = segments.get(address.segmentId());
    if (s == null) {
      throw new CorruptRecordException(
          dir.resolve(Segment.fileName(address.segmentId())),
          address.offset(),
          "no-such-segment segmentId=" + address.segmentId());
    }
    return s.readRecord(address.offset(), s.size, config.maxPayloadBytes());
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
    appendLock.lock();
    try {
      Segment s = segments.get(segmentId);
      if (s == null) {
        throw new IllegalArgumentException("no such segment: segmentId=" + segmentId);
      }
      if (s == head || !s.sealed) {
        throw new IllegalStateException("cannot delete the head segment: segmentId=" + segmentId);
      }
      segments.remove(segmentId);
      s.delete();
      Segment.syncDirectory(dir);
    } finally {
      appendLock.unlock();
    }
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
