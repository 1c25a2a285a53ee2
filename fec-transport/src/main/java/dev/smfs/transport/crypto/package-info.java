/**
 * Authenticated encryption of every transport datagram (AES-256-GCM under a pre-shared key).
 *
 * <p>Owns: the sealed-frame format ({@link dev.smfs.transport.crypto.SealedFrameCodec}), nonce
 * generation ({@link dev.smfs.transport.crypto.NonceSequence}), the per-sender replay window
 * ({@link dev.smfs.transport.crypto.ReplayWindow}, {@link dev.smfs.transport.crypto.ReplayGuard}),
 * the key file and key ring ({@link dev.smfs.transport.crypto.KeyFile}, {@link
 * dev.smfs.transport.crypto.KeyRing}), the thin Netty handler ({@link
 * dev.smfs.transport.crypto.SealingHandler}) and the entry points the command line uses: {@link
 * dev.smfs.transport.crypto.TransportSecurity} and {@link
 * dev.smfs.transport.crypto.SecurityOptions}.
 *
 * <h2>Where it sits</h2>
 *
 * The handler is installed through {@link dev.smfs.transport.session.TransportOptions}' pipeline
 * hook, so it sees raw datagrams: outbound it seals what the packet codec encoded, inbound it opens
 * each datagram before the codec parses it. A datagram that fails authentication or is a replay is
 * released, counted ({@code smfs_transport_auth_failed_total}, {@code
 * smfs_transport_replay_dropped_total}) and never parsed further. The session layer is unchanged.
 *
 * <h2>Nonces</h2>
 *
 * A 96-bit GCM nonce is a 32-bit random prefix chosen when the endpoint's channel is set up plus a
 * 64-bit counter that starts at a random value below 2^62 and increments per datagram. The counter
 * never wraps: a sender refuses to seal once it reaches {@link Long#MAX_VALUE}, which is at least
 * 2^62 datagrams away (146 years at 10^9 datagrams/s). Two endpoints under one key collide only if
 * they draw the same prefix and overlapping counter ranges; with random starting counters in a 2^62
 * space that is negligible even over many restarts.
 */
package dev.smfs.transport.crypto;
