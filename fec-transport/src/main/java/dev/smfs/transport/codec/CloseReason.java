package dev.smfs.transport.codec;

/** Why a session is closed; the code is part of the CLOSE wire format. */
public enum CloseReason {
  NORMAL(0),
  /** The server's acceptor refused the HELLO (token or parameters). */
  REJECTED(1),
  /** The peer's HELLO parameters cannot be served (e.g. incompatible packet size). */
  INCOMPATIBLE(2),
  /** The sender gave up on the peer (dead-peer timeout). */
  TIMEOUT(3),
  /** The endpoint is shutting down. */
  SHUTDOWN(4);

  private final int code;

  CloseReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static CloseReason fromCode(int code) {
    for (CloseReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return null;
  }
}
