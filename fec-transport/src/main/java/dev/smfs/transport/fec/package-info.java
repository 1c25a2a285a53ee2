/**
 * Layered-interleaving forward error correction (Maelstrom, Balakrishnan et al.), transport-free:
 * ByteBuf in, ByteBuf out, no channels or sockets. The session and the wire codec live elsewhere;
 * this package owns the parameters ({@link dev.smfs.transport.fec.FecParams}), the repair recipe
 * ({@link dev.smfs.transport.fec.RepairRecipe}), the send side ({@link
 * dev.smfs.transport.fec.LayeredEncoder}) and the receive side ({@link
 * dev.smfs.transport.fec.FecDecoder}).
 *
 * <h2>Layered interleaving</h2>
 *
 * Data packets carry consecutive session-wide sequence numbers. There are {@code c} layers; layer
 * {@code j} has interleave {@code I_j} and splits the stream into {@code I_j} sub-streams by {@code
 * seq mod I_j}. Every {@code r} consecutive packets of a sub-stream form a group, and the group's
 * repair carries the XOR of its (zero-padded) symbols, the XOR of their lengths and its recipe
 * (layer, first seq, stride {@code = I_j}, count). So every data packet is covered by exactly one
 * repair per layer, and the repair overhead is {@code c / r} (3/8 for the default (8, 3)).
 *
 * <p>A group of layer {@code j} holds packets {@code I_j} apart, so a burst of up to {@code I_j}
 * consecutive losses costs each group at most one packet and layer {@code j} alone recovers it.
 * With the default interleaves (1, 10, 100), layer 0 recovers isolated losses within {@code r}
 * packets, layer 1 bursts up to 10, layer 2 bursts up to 100: recovery latency grows with the
 * actual burst, not with the worst burst planned for. A receiver recovers every repair missing
 * exactly one packet and iterates (peeling): a packet recovered by one layer may leave a repair of
 * another layer with one packet missing. Whatever FEC cannot recover is the session's job (NAK and
 * retransmit).
 *
 * <h2>Stagger</h2>
 *
 * Without care, the {@code I} groups of a layer would all complete in the same round of {@code I}
 * packets, and the layer's repairs would leave in bursts. Group boundaries are therefore shifted
 * per sub-stream: a group of sub-stream {@code k} ends at sub-stream position {@code q = seq div I}
 * when {@code (q + k mod r) mod r == r - 1}. Sub-stream {@code k}'s first group is thus shortened
 * by {@code k mod r}, every later group is full, and in any round of {@code I} packets only the
 * sub-streams of one residue of {@code k mod r}, which are {@code r} packets apart, complete. Since
 * boundaries are a function of {@code seq} alone, a stream may start at any sequence number, and a
 * group flushed early by the linger is simply followed by a short group up to the same boundary.
 * The receiver does not depend on the scheme: every repair names its members explicitly.
 *
 * <h2>Linger</h2>
 *
 * At low load a group may wait a long time for its {@code r}-th packet. {@link
 * dev.smfs.transport.fec.LayeredEncoder#flushLingering(long)} emits every partial group whose first
 * packet is older than the linger (default 2 ms), so network-sync never waits for traffic that is
 * not coming.
 *
 * <h2>Ownership of buffers</h2>
 *
 * <ul>
 *   <li>{@code LayeredEncoder.onData} and {@code FecDecoder.onData} only read the symbol's readable
 *       bytes: they neither retain nor release it, nor move its indices; the caller keeps it.
 *   <li>{@code FecDecoder.onRepair} takes ownership of the repair payload and releases it before
 *       returning, also on failure.
 *   <li>{@link dev.smfs.transport.fec.RepairSink} and {@link dev.smfs.transport.fec.RecoverySink}
 *       receive buffers they own and must release.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Nothing here is thread-safe: an encoder and a decoder each belong to one event loop. Sinks are
 * called on that thread.
 */
package dev.smfs.transport.fec;
