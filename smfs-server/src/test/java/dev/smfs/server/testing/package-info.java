/**
 * Test support shared by every module that implements or drives a {@link
 * dev.smfs.server.volume.Volume} (published as the smfs-server test-jar): a manual {@link
 * dev.smfs.server.testing.TestClock}, path-addressed operations ({@link
 * dev.smfs.server.testing.VolumeOp}) with comparable results, a seeded generator of realistic
 * operation sequences ({@link dev.smfs.server.testing.RandomOps}), whole-tree snapshots with
 * readable diffs ({@link dev.smfs.server.testing.TreeSnapshot}) and the {@link
 * dev.smfs.server.testing.ModelChecker} that runs a volume against the in-memory reference, with
 * crash-and-reopen between chunks of operations.
 */
package dev.smfs.server.testing;
