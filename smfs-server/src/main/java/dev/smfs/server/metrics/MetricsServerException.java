package dev.smfs.server.metrics;

/** The metrics endpoint could not start (address in use, unresolvable host...). */
public final class MetricsServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetricsServerException(String message) {
    super(message);
  }

  public MetricsServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
