/**
 * The volume API: a POSIX-like file system over inode numbers, with errno-style failures ({@link
 * dev.smfs.server.volume.FsException}). Two implementations share this contract: the log-backed
 * volume (the product) and {@code InMemoryVolume} (the test oracle). The FUSE adapter is the only
 * caller that turns {@link dev.smfs.server.volume.Errno} into {@code -errno}.
 */
package dev.smfs.server.volume;
