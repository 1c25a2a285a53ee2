package dev.smfs.server.ship;

/** The mirror cannot be reached (or refused the volume): a wait on it is given up. */
public final class ReplicationUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplicationUnavailableException(String message) {
    super(message);
  }
}
