/**
 * Progress reports for long work (catch-up, initial sync, fsck, benchmarks): a redrawn bar on a
 * terminal, periodic key=value lines otherwise, or the same lines handed to a daemon's log. See
 * {@link dev.smfs.server.progress.Progress}; used by the shipper's catch-up and by fsck.
 */
package dev.smfs.server.progress;
