package dev.smfs.transport.session;

/** The session is closed or dead: nothing more can be sent on it. */
public final class SessionClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionClosedException(String message) {
    super(message);
  }
}
