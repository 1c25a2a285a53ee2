package dev.smfs.transport.codec;

import java.util.Objects;

/** A CLOSE: the sender ends the session and will send nothing more on it. */
public record ClosePacket(long sessionId, CloseReason reason) implements Packet {
  public ClosePacket {
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public PacketType type() {
    return PacketType.CLOSE;
  }
}
