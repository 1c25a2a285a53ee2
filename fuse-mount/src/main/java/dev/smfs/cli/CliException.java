package dev.smfs.cli;

/**
 * An expected failure of a command (bad directory, busy mount point, unreachable peer...). Its
 * message is printed as the single error line, without a stack trace.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CliException(String message) {
    this(message, Smfs.EXIT_FAILURE);
  }

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = Smfs.EXIT_FAILURE;
  }

  public int exitCode() {
    return exitCode;
  }
}
