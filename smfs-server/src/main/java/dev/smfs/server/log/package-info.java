/**
 * The write-ahead log of a volume: records with contiguous LSNs in bounded segment files, CRC32C on
 * every record, group commit, tail recovery after a crash, and ordered scans for replay, fsck and
 * shipping. The public surface is {@link dev.smfs.server.log.Log} and its value records; the
 * segmented implementation, the on-disk codec ({@code SegmentFormat}) and the fsync seam ({@code
 * Syncer}) are package-private.
 */
package dev.smfs.server.log;
