package dev.smfs.fuse;

/**
 * An expected reason a mount cannot start or stop (mount point busy, data directory in use, libfuse
 * refused). The message is one line of key facts, fit to show a user as it is.
 */
public final class MountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MountException(String message) {
    super(message);
  }

  public MountException(String message, Throwable cause) {
    super(message, cause);
  }
}
