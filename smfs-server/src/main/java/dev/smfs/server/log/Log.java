package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * An append-only sequence of typed records with contiguous LSNs starting at 1, stored in bounded
 * segment files under one directory. Appends are buffered in the OS; {@link #awaitDurable(long)}
 * makes them durable with group commit. All methods are thread-safe.
 */
public interface Log extends AutoCloseable {

  /**
   * Opens (or creates) the log in {@code dir}. Recovers the tail: the head segment is scanned and
   * everything after its last valid record (a torn write) is cut; see {@link #recovery()}. A
   * damaged record followed by valid later records is not a torn write: opening fails instead.
   * Sealed segments are trusted by header at open and verified when read.
   *
   * @throws CorruptRecordException if a segment header is invalid or segments are inconsistent
   */
  static Log open(Path dir, LogConfig config) throws IOException {
    return SegmentedLog.open(dir, config, Syncer.FDATASYNC);
  }

  /** As {@link #open(Path, LogConfig)}, reporting to {@code metrics}. */
  static Log open(Path dir, LogConfig config, LogMetrics metrics) throws IOException {
    return SegmentedLog.open(dir, config, Syncer.FDATASYNC, metrics);
  }

  /**
   * As {@link #open(Path, LogConfig, LogMetrics)}, knowing that every record up to {@code
   * durableLsn} was durable before (e.g. the index's persisted applied LSN): damage at or below it,
   * or a damaged head record followed by valid later records, is corruption, and opening fails with
   * a {@link CorruptRecordException} naming file, offset and LSN instead of cutting the tail.
   */
  static Log open(Path dir, LogConfig config, LogMetrics metrics, long durableLsn)
      throws IOException {
    return SegmentedLog.open(dir, config, Syncer.FDATASYNC, metrics, durableLsn, false);
  }

  /**
   * Opens an existing log for inspection (fsck): nothing on disk is changed, no directory or file
   * is created, removed, cut or synced. A torn or damaged tail is reported by {@link #recovery()}
   * (see {@link RecoveryReport#corrupt()}) and hidden from reads and scans. Appends and deletes
   * throw {@link IllegalStateException}.
   *
   * @throws java.nio.file.NoSuchFileException if there is no log directory or no segment
   */
  static Log openReadOnly(Path dir, LogConfig config, long durableLsn) throws IOException {
    return SegmentedLog.open(dir, config, Syncer.FDATASYNC, LogMetrics.noop(), durableLsn, true);
  }

  /**
   * Appends a record made of the remaining bytes of {@code payloadParts} (their positions are not
   * changed; the caller keeps ownership and must not modify them until this returns). Assigns
   * {@code lastLsn() + 1}. The record is written to the OS but not yet durable.
   *
   * @throws IllegalArgumentException if the whole record exceeds {@link LogConfig#maxRecordBytes()}
   *     or the type is outside [0, 65535]
   * @throws IllegalStateException if the log is closed or failed
   */
  Appended append(int type, ByteBuffer... payloadParts) throws IOException;

  /**
   * Appends with a given LSN, for a mirror copying another log. A log that has never held a record
   * ({@code lastLsn() == 0}) accepts any first LSN, so a mirror can join a primary whose oldest
   * segments were already cleaned; after that LSNs must be contiguous.
   *
   * @throws IllegalStateException unless {@code lsn == lastLsn() + 1} (or the log is empty)
   */
  Appended appendAt(long lsn, int type, ByteBuffer... payloadParts) throws IOException;

  /**
   * Returns once every record with an LSN at most {@code lsn} is on stable storage. Concurrent
   * callers share fsyncs (one leader syncs for all). An interrupt while waiting restores the flag
   * and throws {@link java.io.InterruptedIOException}. A failed fsync fails the log for good.
   *
   * @throws IllegalArgumentException if {@code lsn > lastLsn()}
   */
  void awaitDurable(long lsn) throws IOException;

  /** LSN of the newest appended record, 0 if none was ever appended. */
  long lastLsn();

  /** Every record up to this LSN is durable. */
  long durableLsn();

  /** LSN of the oldest record still stored ({@code lastLsn() + 1} when the log holds none). */
  long firstLsn();

  /**
   * Reads and verifies the record at {@code address}. Never returns bytes that fail the CRC.
   *
   * @throws CorruptRecordException if the record is invalid, the address does not point at a whole
   *     record, or the segment no longer exists
   */
  LogRecord read(LogAddress address) throws IOException;

  /**
   * {@link #read(LogAddress)} into the caller's {@code scratch} buffer when the payload fits in it:
   * the record returned then views {@code scratch} and is valid only until the caller reuses that
   * buffer, so it must not be kept (or cached) past that. Verified exactly like {@link
   * #read(LogAddress)}. Saves a fresh buffer per read, for callers that copy the bytes out at once
   * (a file read filling its reply). A log may ignore {@code scratch} and return a record of its
   * own, which is always allowed.
   */
  default LogRecord read(LogAddress address, ByteBuffer scratch) throws IOException {
    return read(address);
  }

  /**
   * Scans records with LSN at least {@code fromLsn} in LSN order. If segments were deleted the scan
   * skips their LSN range; callers that need contiguity compare LSNs.
   */
  LogScanner scan(long fromLsn) throws IOException;

  /** The segments, oldest first. */
  List<SegmentInfo> segments();

  /**
   * Deletes a sealed segment file (and syncs the directory).
   *
   * @throws IllegalArgumentException if no such segment exists
   * @throws IllegalStateException if it is the head segment
   */
  void deleteSegment(long segmentId) throws IOException;

  /** Bytes of all segment files. */
  long sizeOnDisk();

  /** What opening the log found and cut at its tail. */
  RecoveryReport recovery();

  /**
   * Registers a callback run with the new durable LSN after each fsync, on the syncing thread,
   * outside the log's locks, in increasing LSN order. Must be quick and must not call {@link
   * #awaitDurable(long)}. Null removes it.
   */
  void setDurabilityListener(LongConsumer onDurable);

  /** Makes everything appended durable, then closes the files. Idempotent. */
  @Override
  void close() throws IOException;
}
