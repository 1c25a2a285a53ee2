/**
 * Offline consistency check of a volume data directory ({@code smfs fsck}): record checksums and
 * LSN continuity in every segment, and the index against the log.
 */
package dev.smfs.server.fsck;
