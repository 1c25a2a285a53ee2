/**
 * End-to-end benchmarks behind {@code smfs bench writes}, {@code disaster} and {@code catchup}: a
 * real mirror process and a real primary mount process on loopback, with the {@link
 * dev.smfs.transport.wan.WanEmulator} between them run in this process so the benchmark controls
 * the link (delay, loss, a loss burst before a crash).
 *
 * <ul>
 *   <li>{@link dev.smfs.bench.BenchCluster} — starts and tears down mirror, emulator and mount.
 *   <li>{@link dev.smfs.bench.WritesBench} — timed pwrites through the mount; latency percentiles.
 *   <li>{@link dev.smfs.bench.DisasterBench} — acknowledged writes logged in a ledger outside the
 *       file system, a loss burst, SIGKILL of the primary, then every ledger entry checked on the
 *       mirror's replica.
 *   <li>{@link dev.smfs.bench.CatchupBench} — the mirror stopped while SIZE bytes are written, then
 *       restarted: catch-up time and rate, fsck of both data directories, tree comparison ({@link
 *       dev.smfs.bench.TreeCompare}).
 * </ul>
 *
 * <p>Everything is bounded in time and torn down (unmount, processes, temp directories) even on
 * failure.
 */
package dev.smfs.bench;
