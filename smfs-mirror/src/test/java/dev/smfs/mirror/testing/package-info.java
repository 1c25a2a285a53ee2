/**
 * Test support for replication suites: {@link dev.smfs.mirror.testing.MiniCluster} (primary
 * LogVolume + shipper → WAN emulator → mirror, in one process) and {@link
 * dev.smfs.mirror.testing.LinkHold}, a pipeline hook that holds chosen packets of the primary's
 * session so ack points can be proven without timing.
 */
package dev.smfs.mirror.testing;
