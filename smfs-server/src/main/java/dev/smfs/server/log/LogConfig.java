package dev.smfs.server.log;

/**
 * Log tuning, validated once at the edge.
 *
 * @param segmentBytes upper bound of a segment file (file header included); a new segment is
 *     started when the next record would not fit
 * @param maxRecordBytes upper bound of one whole record (header plus payload); larger appends are
 *     rejected. Must fit in an empty segment, so a record never spans segments.
 * @param preallocate give every new head segment its full size of written zeros before it takes
 *     records (prepared in the background, see {@link SegmentPreallocator}), so a record's
 *     fdatasync overwrites blocks the file system already holds and needs no journal commit for new
 *     blocks or a new file size: about 180 instead of 310 µs per 128 KiB sync on this project's
 *     test disk. It costs one extra write of every segment's bytes in the background, so it pays
 *     only where writes wait for their sync (local-sync and stronger); a closed or sealed segment
 *     is cut back to its records.
 */
public record LogConfig(long segmentBytes, int maxRecordBytes, boolean preallocate) {
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 4 << 20;

  public LogConfig {
    if (maxRecordBytes <= SegmentFormat.RECORD_HEADER_BYTES) {
      throw new IllegalArgumentException(
          "maxRecordBytes must exceed the record header: maxRecordBytes=" + maxRecordBytes);
    }
    if (segmentBytes < SegmentFormat.FILE_HEADER_BYTES + (long) maxRecordBytes) {
      throw new IllegalArgumentException(
          "segmentBytes must hold the file header and one maximal record: segmentBytes="
              + segmentBytes
              + " maxRecordBytes="
              + maxRecordBytes);
    }
  }

  /** Without preallocation. */
  public LogConfig(long segmentBytes, int maxRecordBytes) {
    this(segmentBytes, maxRecordBytes, false);
  }

  /** The same limits, with {@link #preallocate} set as given. */
  public LogConfig withPreallocation(boolean on) {
    return new LogConfig(segmentBytes, maxRecordBytes, on);
  }

  public static LogConfig defaults() {
    return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES);
  }

  /** Largest payload one record can carry. */
  public int maxPayloadBytes() {
    return maxRecordBytes - SegmentFormat.RECORD_HEADER_BYTES;
  }
}
