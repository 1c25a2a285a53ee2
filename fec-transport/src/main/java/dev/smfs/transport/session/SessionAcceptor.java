package dev.smfs.transport.session;

/**
 * The server application's decision on a new session. Called on the server's event loop: decide
 * quickly and do not block.
 */
public interface SessionAcceptor {

  /**
   * A client sent a HELLO.
   *
   * @param session the new session (not yet OPEN; it opens right after a listener is returned, so
   *     do not send on it from inside this call: keep it and send afterwards)
   * @param token the opaque application token of the HELLO (volume/peer), at most 256 bytes
   * @return the listener for the session's incoming data, or null to reject (the client gets a
   *     CLOSE with reason REJECTED)
   */
  StreamListener accept(Session session, byte[] token);
}
