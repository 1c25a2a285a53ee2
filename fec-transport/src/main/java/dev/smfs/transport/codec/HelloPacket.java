package dev.smfs.transport.codec;

import java.util.Arrays;

/**
 * A HELLO (client to server) or HELLO_ACK (server to client, {@code ack} set).
 *
 * @param ack false for HELLO, true for HELLO_ACK
 * @param r FEC repair group size, 1..255
 * @param interleaves FEC interleave per layer (c = length, 1..255), each at least 1
 * @param maxPacketBytes largest datagram the sender of this packet will send and accept
 * @param initialSeq first data seq the sender of this packet will use
 * @param token opaque application bytes (volume/peer token), at most {@link #MAX_TOKEN_BYTES}
 * @param receiveCapacity datagrams the sender of this packet's receive socket holds (its kernel
 *     buffer over a conservative per-datagram charge), which bounds what the peer keeps in flight;
 *     0 if unknown (then the peer keeps its default flight limit)
 */
public record HelloPacket(
    long sessionId,
    boolean ack,
    int r,
    int[] interleaves,
    int maxPacketBytes,
    long initialSeq,
    byte[] token,
    int receiveCapacity)
    implements Packet {

  public static final int MAX_TOKEN_BYTES = 256;

  public HelloPacket {
    if (r < 1 || r > 255) {
      throw new IllegalArgumentException("r out of range: r=" + r);
    }
    if (interleaves == null || interleaves.length < 1 || interleaves.length > 255) {
      throw new IllegalArgumentException("c out of range");
    }
    for (int i : interleaves) {
      if (i < 1) {
        throw new IllegalArgumentException("interleave must be >= 1: interleave=" + i);
      }
    }
    if (maxPacketBytes < 1) {
      throw new IllegalArgumentException("maxPacketBytes=" + maxPacketBytes);
    }
    if (initialSeq < 0) {
      throw new IllegalArgumentException("initialSeq=" + initialSeq);
    }
    if (token == null || token.length > MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException(
          "token too long: bytes=" + (token == null ? -1 : token.length));
    }
    if (receiveCapacity < 0) {
      throw new IllegalArgumentException("receiveCapacity=" + receiveCapacity);
    }
    interleaves = interleaves.clone();
    token = token.clone();
  }

  /** This packet stating {@code datagrams} as its sender's receive capacity. */
  public HelloPacket withReceiveCapacity(int datagrams) {
    return new HelloPacket(
        sessionId, ack, r, interleaves, maxPacketBytes, initialSeq, token, datagrams);
  }

  @Override
  public PacketType type() {
    return ack ? PacketType.HELLO_ACK : PacketType.HELLO;
  }

  @Override
  public int[] interleaves() {
    return interleaves.clone();
  }

  @Override
  public byte[] token() {
    return token.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HelloPacket h
        && h.sessionId == sessionId
        && h.ack == ack
        && h.r == r
        && Arrays.equals(h.interleaves, interleaves)
        && h.maxPacketBytes == maxPacketBytes
        && h.initialSeq == initialSeq
        && Arrays.equals(h.token, token)
        && h.receiveCapacity == receiveCapacity;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sessionId) * 31
        + Arrays.hashCode(interleaves) * 17
        + Arrays.hashCode(token);
  }

  @Override
  public String toString() {
    return "HelloPacket[sessionId="
        + sessionId
        + ", ack="
        + ack
        + ", r="
        + r
        + ", interleaves="
        + Arrays.toString(interleaves)
        + ", maxPacketBytes="
        + maxPacketBytes
        + ", initialSeq="
        + initialSeq
        + ", tokenBytes="
        + token.length
        + ", receiveCapacity="
        + receiveCapacity
        + "]";
  }
}
