/**
 * The FUSE side of a primary: {@link dev.smfs.fuse.SmfsFuse} adapts the kernel's path-based
 * requests (through jnr-fuse and libfuse 2) to the inode-based {@link
 * dev.smfs.server.volume.Volume}, and is the only place where an {@link
 * dev.smfs.server.volume.FsException} becomes a {@code -errno}, and so where operations, errors and
 * write/fsync latency are counted ({@link dev.smfs.fuse.FuseMetrics}). The package also owns the
 * mount lifecycle ({@link dev.smfs.fuse.FuseMount}: mount options, readiness, clean unmount,
 * closing the volume), the checks a mount must pass (mount table, data-directory lock), starting a
 * mount in the background, and the FUSE benchmark with its do-nothing {@code NullFs} ceiling.
 *
 * <p>Requests are served by {@link dev.smfs.fuse.FuseLoop}: Java threads drive libfuse's session
 * (receive, process) instead of libfuse's own native workers, so no callback pays a JVM thread
 * attach and detach.
 */
package dev.smfs.fuse;
