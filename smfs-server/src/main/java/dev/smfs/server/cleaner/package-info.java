/**
 * The LFS-style log cleaner: picks sealed segments by cost-benefit over their live bytes and age,
 * rewrites their live extents at the log head as ordinary CLEANER_MOVE records, and deletes
 * segments that no index entry points into once the index is flushed and the {@link
 * dev.smfs.server.cleaner.RetentionPolicy} (the mirror) allows. Counts its runs, bytes moved and
 * segments freed as {@code smfs_cleaner_*} meters.
 */
package dev.smfs.server.cleaner;
