package dev.smfs.transport.wan;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Addresses and per-direction profiles of one emulator.
 *
 * @param listen where clients send; port 0 picks a free port
 * @param forward where client traffic goes
 * @param upstream treatment of client-to-forward traffic
 * @param downstream treatment of forward-to-client traffic
 */
public record WanConfig(
    InetSocketAddress listen,
    InetSocketAddress forward,
    WanProfile upstream,
    WanProfile downstream) {
  public WanConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(downstream, "downstream");
    if (listen.isUnresolved() || forward.isUnresolved()) {
      throw new IllegalArgumentException(
          "unresolved address: listen=" + listen + " forward=" + forward);
    }
    if (forward.getPort() == 0) {
      throw new IllegalArgumentException("forward port must not be 0: forward=" + forward);
    }
  }

  /** The same profile both ways, the downstream one with the next seed so draws differ. */
  public static WanConfig symmetric(
      InetSocketAddress listen, InetSocketAddress forward, WanProfile profile) {
    return new WanConfig(listen, forward, profile, profile.withSeed(profile.seed() + 1));
  }

  public WanProfile profile(Direction direction) {
    return direction == Direction.UPSTREAM ? upstream : downstream;
  }

  /**
   * Parses {@code HOST:PORT} ({@code [V6]:PORT} for IPv6 literals) and resolves the host.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static InetSocketAddress parseHostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "IPv6 hosts need brackets, as in [::1]:PORT: '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number in '" + text + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port=" + port + " out of range [0,65535] in '" + text + "'");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve host '" + host + "'");
    }
    return address;
  }
}
