/**
 * What a daemon is doing, for {@code smfs status}: the {@link dev.smfs.server.status.StatusReport}
 * value, the {@code DATA/status.json} file a running daemon rewrites atomically every second
 * ({@link dev.smfs.server.status.StatusFile}, {@link dev.smfs.server.status.StatusPublisher}), and
 * the {@link dev.smfs.server.status.RedundancyModel} that turns an observed loss rate into the
 * probability of losing network-sync data.
 */
package dev.smfs.server.status;
