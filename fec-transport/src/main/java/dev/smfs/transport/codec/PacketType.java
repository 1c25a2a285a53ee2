package dev.smfs.transport.codec;

/** Packet types with their one-byte wire codes. Codes are part of the format: never renumber. */
public enum PacketType {
  DATA(1),
  REPAIR(2),
  ACK(3),
  HELLO(4),
  HELLO_ACK(5),
  HEARTBEAT(6),
  CLOSE(7);

  private final int code;

  PacketType(int code) {
    this.code = code;
  }

  /** The byte written at {@link PacketCodec#OFFSET_TYPE}. */
  public int code() {
    return code;
  }

  /** The type for {@code code}, or {@code null} if no type has it. */
  static PacketType fromCode(int code) {
    for (PacketType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
