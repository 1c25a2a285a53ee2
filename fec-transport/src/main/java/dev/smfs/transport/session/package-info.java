/**
 * Reliable, full-duplex, FEC-protected sessions over UDP (Netty; epoll when available, else NIO;
 * one event-loop thread per endpoint).
 *
 * <h2>Public API</h2>
 *
 * <pre>{@code
 * TransportServer server = TransportServer.bind(addr, SessionConfig.defaults(),
 *     (session, token) -> listenerOrNullToReject, TransportOptions.defaults());
 * Session s = TransportClient.connect(server.localAddress(), token, config, listener, options)
 *     .get(10, SECONDS);
 * long seq = s.send(streamId, payload);            // blocks while the window is full
 * long seq2 = s.trySend(streamId, payload);        // -1 if the window is full
 * s.progress().await(SendProgress.Stage.COVERED, k, seq).thenRun(...);
 * s.close();
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.smfs.transport.session.TransportClient#connect} — HELLO/HELLO_ACK handshake,
 *       returns a future {@link dev.smfs.transport.session.Session}.
 *   <li>{@link dev.smfs.transport.session.TransportServer#bind} — one session per remote peer; a
 *       {@link dev.smfs.transport.session.SessionAcceptor} sees each HELLO's opaque token and
 *       returns a {@link dev.smfs.transport.session.StreamListener} or null to reject.
 *   <li>{@link dev.smfs.transport.session.Session} — {@code send}/{@code trySend} (payload copied,
 *       caller keeps ownership), {@code progress()}, {@code state()}, {@code terminated()}, {@code
 *       rtt()}, {@code close()}.
 *   <li>{@link dev.smfs.transport.session.SendProgress} — watermarks {@code wire()}, {@code
 *       covered(k)}, {@code acked()} and {@code await(stage, k, seq)}; futures complete on the
 *       event loop, so never block in their callbacks.
 *   <li>{@link dev.smfs.transport.session.StreamListener} — in-order, exactly-once delivery per
 *       session sequence number (hence per stream), on the event loop; payload valid only during
 *       the call.
 *   <li>{@link dev.smfs.transport.session.SessionConfig}, {@link
 *       dev.smfs.transport.session.TransportOptions}, {@link
 *       dev.smfs.transport.session.TransportMetrics}, {@link
 *       dev.smfs.transport.session.PacketEventListener}.
 * </ul>
 *
 * <h2>Protocol</h2>
 *
 * Each side numbers its DATA packets from its initial seq. A DATA packet is held in the bounded
 * retransmit buffer (= send window) until cumulatively acknowledged; as it goes to the socket
 * (paced by a token bucket) it is fed to the layered FEC encoder, whose REPAIR packets follow it at
 * once; a periodic tick flushes FEC groups older than the linger when someone awaits coverage or
 * the stream paused (under steady traffic groups fill, keeping repair overhead at c/r). The
 * receiver feeds DATA and REPAIR to the FEC decoder, counts recovered packets as received, restores
 * sequence order in a bounded reorder buffer and delivers in order. Every ACK interval it sends a
 * cumulative ACK with NAK ranges for gaps older than the NAK delay whose widest FEC group is
 * complete or that waited a round trip (FEC had its chance); the sender retransmits NAKed packets,
 * and probes the tail when ACKs stall. Each send-path pass is flushed once (the channel writes it
 * with one {@code sendmmsg}); on epoll the pass's equal-size datagrams go as segmented writes (UDP
 * GSO, {@code SegmentGroups}) unless a pipeline hook such as sealing sits in front of the codec;
 * with epoll, reads take a peer's segmented batch whole ({@code UDP_GRO}, one {@code recvmsg}).
 * Heartbeats measure the RTT; silence longer than the dead timeout makes the session DEAD. CLOSE
 * ends it on both sides.
 *
 * <h2>Threading and ownership</h2>
 *
 * Each endpoint runs one event-loop thread; all protocol state of its sessions is confined to it.
 * {@code send}/{@code trySend} may be called from any thread (on the event loop itself {@code send}
 * never blocks). Listener callbacks, acceptor calls and {@code SendProgress} completions run on the
 * event loop and must not block. Payloads passed to {@code send} are copied; payloads handed to a
 * {@code StreamListener} are valid only during the call.
 *
 * <h2>Negotiation</h2>
 *
 * The client's HELLO carries its FEC parameters, max packet size, initial seq (0), the application
 * token and its receive capacity; the server adopts the client's FEC parameters and answers
 * HELLO_ACK with min(both max packet sizes) and its own receive capacity. A receive capacity is the
 * datagrams the sender's receive socket holds ({@code SO_RCVBUF} as granted, at 2 x the max packet
 * size a datagram); it bounds what the peer keeps in flight ({@link FlightLimit}). Both peers
 * should use the same {@code windowPackets}: the receiver's reorder buffer has that size, and
 * packets beyond it are dropped and later retransmitted.
 *
 * <p>A HELLO with a new session id from the address of a live session replaces that session only
 * once it has not heard from its peer for half the dead timeout (the peer restarted on the same
 * port); earlier, anyone able to spoof the peer's address could end the session without knowing its
 * id. Datagram authentication is not the session's business: see {@code dev.smfs.transport.crypto}.
 *
 * <p>Owns: the session state machine, its timers, the window and buffers, the endpoints. Uses
 * {@code dev.smfs.transport.codec} for bytes and {@code dev.smfs.transport.fec} for FEC.
 */
package dev.smfs.transport.session;
