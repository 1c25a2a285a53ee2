/**
 * The volume index: a RocksDB store (WAL off; the volume's log is the WAL) behind the tiny {@link
 * dev.smfs.server.index.KeyValueStore} interface, and the typed tables of {@link
 * dev.smfs.server.index.Index} (inodes, dirents with stable cookies, extents, xattrs, per-segment
 * live bytes, applied LSN). Every table is rebuildable by replaying the log.
 */
package dev.smfs.server.index;
