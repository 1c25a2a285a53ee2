package dev.smfs.transport.codec;

/**
 * A datagram that is not a valid packet. Receivers count it by {@link #reason()} and drop it; it
 * never changes session state.
 */
public final class MalformedPacketException extends Exception {
  private static final long serialVersionUID = 1L;

  private final MalformedReason reason;

  /**
   * @param reason the category, used as the metrics tag
   * @param facts key=value facts, e.g. {@code "length=12 min=17"}
   */
  public MalformedPacketException(MalformedReason reason, String facts) {
    super("malformed packet: reason=" + reason.tag() + " " + facts);
    this.reason = reason;
  }

  public MalformedReason reason() {
    return reason;
  }
}
