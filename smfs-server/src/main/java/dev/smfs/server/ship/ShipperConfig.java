package dev.smfs.server.ship;

import dev.smfs.transport.fec.FecParams;
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

  /**
   * Parses the mount's flags once: {@code --mirror HOST:PORT --fec R,C --interleave I1,..
   * --rate-mbit N} (null = default: 8,3; interleaves 1,10,100,.. one per layer; the session's
   * default rate).
   *
   * @param node this primary's identity (a fresh random uuid per mount is fine: fencing is by
   *     volume epoch and attached session, not by node)
   * @throws IllegalArgumentException with a one-line reason for a bad flag
   */
  public static ShipperConfig fromFlags(
      String mirror, String fec, String interleave, Integer rateMbit, UUID node) {
    InetSocketAddress address = dev.smfs.transport.wan.WanConfig.parseHostPort(mirror);
    SessionConfig session = SessionConfig.defaults();
    if (fec != null || interleave != null) {
      String rc = fec != null ? fec : "8,3";
      String il = interleave;
      if (il == null) {
        int c = layers(rc);
        StringBuilder b = new StringBuilder();
        int v = 1;
        for (int i = 0; i < c; i++) {
          b.append(i == 0 ? "" : ",").append(v);
          v = Math.min(v * 10, FecParams.MAX_INTERLEAVE);
        }
        il = b.toString();
      }
      session = session.withFecGrowingWindow(FecParams.parse(rc, il));
    }
    if (rateMbit != null) {
      if (rateMbit < 0) {
        throw new IllegalArgumentException("rate-mbit must be >= 0: rate-mbit=" + rateMbit);
      }
      session = session.withRateBitsPerSecond(rateMbit * 1_000_000L);
    }
    return of(address, node).withSession(session);
  }

  /** C of "R,C", or 1 when malformed (FecParams.parse then reports the real problem). */
  private static int layers(String rc) {
    String[] parts = rc.split(",", -1);
    try {
      int c = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1;
      return c >= FecParams.MIN_C && c <= FecParams.MAX_C ? c : 1;
    } catch (NumberFormatException e) {
      return 1;
    }
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
