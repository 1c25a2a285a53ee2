package dev.smfs.server.store;

/**
 * A record passed its log CRC but its payload does not decode (wrong version, truncated field, bad
 * value): a bug or a format mismatch, never silently skipped.
 */
public class MalformedPayloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }

  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
