/**
 * Progress reports for long work (catch-up, initial sync, fsck, benchmarks): a redrawn bar on a
 * terminal, periodic key=value lines otherwise. See {@link dev.smfs.server.progress.Progress}.
 */
package dev.smfs.server.progress;
