package dev.smfs.server.metrics;

import java.net.InetSocketAddress;

/**
 * A {@code HOST:PORT} command-line address (IPv6 literals in brackets: {@code [::1]:9100}).
 *
 * @param host host name or literal, non-empty
 * @param port in [0, 65535]; 0 asks the kernel for a free port
 */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("address needs a host: host=" + host);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: port=" + port + " allowed=[0,65535]");
    }
  }

  /**
   * Parses {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static HostPort parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("address missing: expected HOST:PORT");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("address must be HOST:PORT: address='" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address port is not a number: address='" + text + "'", e);
    }
    return new HostPort(host, port);
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
