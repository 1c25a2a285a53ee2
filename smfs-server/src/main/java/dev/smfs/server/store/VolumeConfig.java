package dev.smfs.server.store;

import dev.smfs.server.log.LogConfig;

/**
 * Settings of a {@link LogVolume}, validated once.
 *
 * @param log segment and record size limits of the volume's log
 * @param capacityBytes size statfs reports (data beyond it is not refused: the cleaner, not a
 *     quota, bounds the disk)
 * @param maxInodes inodes a volume may hold; creates beyond it fail with ENOSPC
 * @param maxWriteBytes largest data payload of one WRITE record; bigger writes become several
 *     records (see {@link LogVolume#write})
 */
public record VolumeConfig(LogConfig log, long capacityBytes, long maxInodes, int maxWriteBytes) {
  public static final long DEFAULT_CAPACITY_BYTES = 1L << 40;
  public static final long DEFAULT_MAX_INODES = 1L << 32;
  public static final int DEFAULT_MAX_WRITE_BYTES = 1 << 20;

  public VolumeConfig {
    if (capacityBytes < 4096 || maxInodes < 1 || maxWriteBytes < 1) {
      throw new IllegalArgumentException(
          "capacityBytes="
              + capacityBytes
              + " maxInodes="
              + maxInodes
              + " maxWriteBytes="
              + maxWriteBytes
              + " too small");
    }
    if ((long) maxWriteBytes + CleanerMoveCodec.DATA > log.maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "maxWriteBytes="
              + maxWriteBytes
              + " plus record header exceeds maxPayloadBytes="
              + log.maxPayloadBytes());
    }
  }

  /** Default log (64 MiB segments, 4 MiB records) and limits. */
  public static VolumeConfig defaults() {
    return new VolumeConfig(
        LogConfig.defaults(), DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_INODES, DEFAULT_MAX_WRITE_BYTES);
  }

  /**
   * The same settings with the log's segment preallocation on or off ({@link
   * LogConfig#preallocate}): on where every write waits for its fdatasync (local-sync and
   * stronger), off for async, where the extra background write of every segment buys nothing.
   */
  public VolumeConfig withPreallocation(boolean on) {
    return new VolumeConfig(log.withPreallocation(on), capacityBytes, maxInodes, maxWriteBytes);
  }

  /** Defaults with another segment size (records up to 1 MiB of data plus header). */
  public static VolumeConfig withSegmentBytes(long segmentBytes) {
    int maxRecord = DEFAULT_MAX_WRITE_BYTES + 4096;
    return new VolumeConfig(
        new LogConfig(segmentBytes, maxRecord),
        DEFAULT_CAPACITY_BYTES,
        DEFAULT_MAX_INODES,
        DEFAULT_MAX_WRITE_BYTES);
  }
}
