package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One reliable, full-duplex, FEC-protected session with a peer. Thread-safe: any thread may send;
 * incoming data goes to the session's {@link StreamListener} on the event loop.
 */
public interface Session extends AutoCloseable {

  /** 64-bit id chosen by the client, carried in every packet. */
  long sessionId();

  InetSocketAddress remoteAddress();

  SessionState state();

  /** Completes when the session reaches CLOSED or DEAD (with that state). */
  CompletableFuture<SessionState> terminated();

  /** Largest payload {@link #send} accepts (negotiated max packet size less the DATA overhead). */
  int maxPayloadBytes();

  /**
   * Sends one packet on stream {@code streamId}, blocking while the send window is full for at most
   * the configured send timeout. Called on the session's own event loop (e.g. from a {@link
   * StreamListener}) it never blocks: a full window fails at once with {@link TimeoutException}.
   *
   * @param payload its readable bytes are copied; neither moved nor released (caller owns it)
   * @return the packet's session sequence number (for {@link #progress()})
   * @throws TimeoutException if the window stayed full for the send timeout
   * @throws InterruptedException if interrupted while waiting (flag restored by the caller's catch,
   *     per Java convention the exception itself clears it)
   * @throws SessionClosedException if the session is CLOSED or DEAD
   * @throws IllegalArgumentException if the payload exceeds {@link #maxPayloadBytes()}
   */
  long send(int streamId, ByteBuf payload) throws InterruptedException, TimeoutException;

  /** As {@link #send(int, ByteBuf)} with an explicit timeout. */
  long send(int streamId, ByteBuf payload, long timeout, TimeUnit unit)
      throws InterruptedException, TimeoutException;

  /**
   * Sends without waiting.
   *
   * @return the sequence number, or -1 if the window is full (payload untouched)
   */
  long trySend(int streamId, ByteBuf payload);

  /** Progress of this side's outgoing DATA. */
  SendProgress progress();

  /** Smoothed round-trip time from heartbeats (an initial guess before the first sample). */
  Duration rtt();

  /**
   * The loss the peer last reported (in its heartbeats) on the DATA it receives from this side: the
   * forward path's loss, in [0, 1]; NaN until the peer has received enough to tell.
   */
  double peerObservedLoss();

  /**
   * Closes now: sends CLOSE, fails pending sends and progress waiters, releases buffers. Unacked
   * data is not waited for: await {@link SendProgress.Stage#ACKED} first for a graceful end.
   * Idempotent. A client session also shuts its endpoint down.
   */
  @Override
  void close();
}
