package dev.smfs.server.status;

/** {@code status.json} exists but cannot be read or parsed; the message names the file. */
public final class StatusFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StatusFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
