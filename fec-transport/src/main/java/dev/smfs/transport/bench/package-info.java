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
 */
package dev.smfs.transport.bench;
