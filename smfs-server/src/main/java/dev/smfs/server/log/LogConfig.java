package dev.smfs.server.log;

/**
 * Log tuning, validated once at the edge.
 *
 * @param segmentBytes upper bound of a segment file (file header included); a new segment is
 *     started when the next record would not fit
 * @param maxRecordBytes upper bound of one whole record (header plus payload); larger appends are
 *     rejected. Must fit in an empty segment, so a record never spans segments.
 */
public record LogConfig(long segmentBytes, int maxRecordBytes) {
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

  public static LogConfig defaults() {
    return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES);
  }

  /** Largest payload one record can carry. */
  public int maxPayloadBytes() {
    return maxRecordBytes - SegmentFormat.RECORD_HEADER_BYTES;
  }
}
