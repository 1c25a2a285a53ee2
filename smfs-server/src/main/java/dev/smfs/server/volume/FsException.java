package dev.smfs.server.volume;

/**
 * A volume operation failed with a POSIX error. The message gives key=value facts (operation,
 * inode, name) for logs; only {@link #errno()} reaches the application.
 */
public class FsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Errno errno;

  public FsException(Errno errno, String message) {
    super(errno + ": " + message);
    this.errno = errno;
  }

  public FsException(Errno errno, String message, Throwable cause) {
    super(errno + ": " + message, cause);
    this.errno = errno;
  }

  public Errno errno() {
    return errno;
  }
}
