package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;

/**
 * Receives a session's incoming data, in session sequence order (hence in order per stream),
 * exactly once per sequence number. Called on the session's event loop: do not block; a slow
 * listener stalls the whole session (which then backpressures the peer through its window).
 */
public interface StreamListener {

  /**
   * One packet of stream {@code streamId}.
   *
   * @param seq the packet's session sequence number
   * @param payload valid only during the call and NOT owned by the listener: retain (or copy) it to
   *     keep it; never release it
   */
  void onData(Session session, int streamId, long seq, ByteBuf payload);

  /** The session reached {@code state} (OPEN, CLOSED or DEAD). */
  default void onStateChange(Session session, SessionState state) {}
}
