package dev.smfs.server.ship;

/** Bytes that do not follow the replication protocol (bad magic, version, CRC, length...). */
public final class MalformedReplicationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedReplicationException(String message) {
    super(message);
  }
}
