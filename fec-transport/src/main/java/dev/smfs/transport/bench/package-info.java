/**
 * {@code smfs bench transport}: end-to-end measurements of the transport on loopback through the
 * {@link dev.smfs.transport.wan.WanEmulator}, all in one JVM so {@link System#nanoTime()} stamps in
 * payloads are comparable between sender and receiver.
 *
 * <p>{@link dev.smfs.transport.bench.TransportBench} runs a plain UDP blast (the ceiling of the
 * emulated path on this machine) and then the reliable FEC session over the same path, and returns
 * a {@link dev.smfs.transport.bench.TransportBenchResult}. Every payload carries its sequence
 * number, its send time and a seeded byte pattern; the receiver checks every byte ({@code
 * PayloadPattern}) and records latencies in a log-bucket histogram ({@code LatencyHistogram}).
 *
 * <p>The main session run offers about what the pacing rate carries, so on a busy machine its
 * latencies include queueing; an optional latency run then offers a share of the measured goodput
 * (default 0.5 in the CLI) so its percentiles measure the link and recovery. {@code SocketLimits}
 * raises the kernel's socket buffer ceilings (root only) so the session's 8 MiB buffers apply.
 */
package dev.smfs.transport.bench;
