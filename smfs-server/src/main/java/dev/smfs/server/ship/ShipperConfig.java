package dev.smfs.server.ship;

import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.TransportOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link Shipper}, validated once.
 *
 * @param mirror the mirror's session address
 * @param node this primary's identity (sent in the HELLO token)
 * @param session FEC, window, rate and timeouts of the session
 * @param options metrics, packet events and the pipeline hook (test seam)
 * @param minBackoff first wait before reconnecting; doubles up to {@code maxBackoff}
 */
public record ShipperConfig(
    InetSocketAddress mirror,
    UUID node,
    SessionConfig session,
    TransportOptions options,
    Duration minBackoff,
    Duration maxBackoff) {
  public ShipperConfig {
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(options, "options");
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "bad backoff: minBackoff=" + minBackoff + " maxBackoff=" + maxBackoff);
    }
  }

  /** Default session, options and a 100 ms .. 5 s backoff. */
  public static ShipperConfig of(InetSocketAddress mirror, UUID node) {
    return new ShipperConfig(
        mirror,
        node,
        SessionConfig.defaults(),
        TransportOptions.defaults(),
        Duration.ofMillis(100),
        Duration.ofSeconds(5));
  }

  public ShipperConfig withSession(SessionConfig v) {
    return new ShipperConfig(mirror, node, v, options, minBackoff, maxBackoff);
  }

  public ShipperConfig withOptions(TransportOptions v) {
    return new ShipperConfig(mirror, node, session, v, minBackoff, maxBackoff);
  }

  public ShipperConfig withBackoff(Duration min, Duration max) {
    return new ShipperConfig(mirror, node, session, options, min, max);
  }
}
