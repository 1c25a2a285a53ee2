package dev.smfs.transport.session;

/**
 * The server application's decision on a new session. Called on the server's event loop: decide
 * quickly and do not block.
 */
public interface SessionAcceptor {

  /**
   * A client sent a HELLO.
   *
   * @param session the new session, OPEN right after a listener is returned; it may be kept and
   *     sent on at once (from any thread): such packets go out after the HELLO_ACK, or fail with
   *     {@link SessionClosedException} if the session is rejected
   * @param token the opaque application token of the HELLO (volume/peer), at most 256 bytes
   * @return the listener for the session's incoming data, or null to reject (the client gets a
   *     CLOSE with reason REJECTED)
   */
  StreamListener accept(Session session, byte[] token);
}
