package dev.smfs.transport.session;

/** Life cycle of a session: CONNECTING → OPEN → CLOSED or DEAD. The last two are final. */
public enum SessionState {
  /** Client side only: HELLO sent, no HELLO_ACK yet. */
  CONNECTING,
  OPEN,
  /** Closed by either side (CLOSE sent or received) or by the endpoint shutting down. */
  CLOSED,
  /** The peer fell silent for longer than the dead timeout. */
  DEAD;

  boolean isFinal() {
    return this == CLOSED || this == DEAD;
  }
}
