package dev.smfs.transport.crypto;

/**
 * A datagram that is not an authentic sealed frame under any key of the ring. Carries the reason
 * for diagnostics; all reasons count as {@code smfs_transport_auth_failed_total}.
 */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a datagram failed authentication. */
  public enum Reason {
    /** Shorter than header plus tag. */
    TRUNCATED,
    BAD_MAGIC,
    BAD_VERSION,
    /** The key id is not in the ring. */
    UNKNOWN_KEY,
    /** The GCM tag does not verify: tampered, forged, or sealed under another key. */
    BAD_TAG
  }

  private final Reason reason;

  AuthenticationException(Reason reason, String facts) {
    super("datagram failed authentication: reason=" + reason + " " + facts, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
