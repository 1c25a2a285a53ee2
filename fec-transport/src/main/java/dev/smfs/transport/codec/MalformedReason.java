package dev.smfs.transport.codec;

/** Why a datagram was rejected; one metrics tag value per constant. */
public enum MalformedReason {
  /** Shorter than the frame or than its type's fixed body. */
  TRUNCATED,
  /** Longer than the configured maximum packet size. */
  OVERSIZED,
  BAD_MAGIC,
  BAD_VERSION,
  /** CRC32C trailer does not match the bytes before it. */
  BAD_CRC,
  UNKNOWN_TYPE,
  /** A length or count field disagrees with the bytes present. */
  BAD_LENGTH,
  /** A field holds a value the format forbids (zero stride, empty range, unknown flag...). */
  BAD_FIELD;

  /** Lower-case tag value for metrics. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
