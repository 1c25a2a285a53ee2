package dev.smfs.transport.codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A packet with its remote address: the sender for inbound packets, the recipient for outbound
 * ones. Whoever holds it owns {@code packet}'s buffer (see {@link Packet#release()}).
 */
public record AddressedPacket(Packet packet, InetSocketAddress peer) {
  public AddressedPacket {
    Objects.requireNonNull(packet, "packet");
    Objects.requireNonNull(peer, "peer");
  }
}
