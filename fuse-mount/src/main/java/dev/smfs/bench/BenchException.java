package dev.smfs.bench;

/** A benchmark could not run (a process exited, a mount never came up, a timeout). */
public final class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
