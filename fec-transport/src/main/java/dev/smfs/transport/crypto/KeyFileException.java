package dev.smfs.transport.crypto;

/** A key file that cannot be used; the message is one line naming the file and the fix. */
public final class KeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeyFileException(String message) {
    super(message);
  }

  KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
