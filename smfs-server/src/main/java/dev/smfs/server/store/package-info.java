/**
 * The log-backed volume: {@link dev.smfs.server.store.LogVolume} validates each mutating operation
 * against the index, appends exactly one log record for it ({@link dev.smfs.server.store.Op}, one
 * payload codec per record family) and applies that record to the index in one batch. Any prefix of
 * the log is a consistent file system; the index is rebuilt from the log by replay.
 */
package dev.smfs.server.store;
