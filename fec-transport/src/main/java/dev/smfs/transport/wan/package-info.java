/**
 * The WAN emulator: a user-space UDP relay that impairs traffic the way a long, lossy link would,
 * because the kernel here has no netem.
 *
 * <p>{@link dev.smfs.transport.wan.WanEmulator} listens on one address and forwards to another.
 * Datagrams from the client go to the forward address ({@link
 * dev.smfs.transport.wan.Direction#UPSTREAM}); datagrams coming back from the forward address go to
 * the client address last seen ({@link dev.smfs.transport.wan.Direction#DOWNSTREAM}). It serves one
 * client at a time: a second client silently takes over the return path.
 *
 * <p>Each direction has its own {@link dev.smfs.transport.wan.WanProfile} (delay, jitter, Bernoulli
 * and Gilbert-Elliott loss, rate cap, bounded queue, seed), its own counters (both run on one
 * event-loop thread) and an optional {@link dev.smfs.transport.wan.PacketFilter} test seam that can
 * drop or hold packets (released by {@code WanEmulator.releaseHeld}; tests wait for them with
 * {@code WanEmulator.awaitCounters}, never by sleeping) and an optional {@link
 * dev.smfs.transport.wan.DropObserver} that sees what the link dropped. Packets are opaque bytes
 * here. The impairment logic ({@code Impairment}, {@code LossModel}, {@code RateShaper}, {@code
 * DelayLine}) is socket-free and driven by an explicit clock so it is tested without sleeping;
 * {@code Relay} is the thin Netty layer around it.
 */
package dev.smfs.transport.wan;
