package dev.smfs.server.index;

/** The index store failed (I/O error, corruption); the message names the operation and dir. */
public class IndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }

  public IndexException(String message) {
    super(message);
  }
}
