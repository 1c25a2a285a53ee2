package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplicationCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final UUID ID = new UUID(0x0102030405060708L, 0x090A0B0C0D0E0F10L);

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  @Test
  void tokenGoldenBytes() {
    byte[] expected = hex("534D5250 01 0102030405060708 090A0B0C0D0E0F10");
    assertArrayEquals(expected, ReplicationCodec.encodeToken(ID));
    assertEquals(ID, ReplicationCodec.decodeToken(expected));
  }

  @Test
  void attachGoldenBytes() {
    ControlMessage m = new ControlMessage.Attach(1, ID, 2, 3, 4);
    byte[] expected =
        hex(
            "534D5250 01 01 00000001 0102030405060708 090A0B0C0D0E0F10"
                + " 0000000000000002 0000000000000003 0000000000000004");
    assertArrayEquals(expected, ReplicationCodec.encode(m));
    assertEquals(m, ReplicationCodec.decodeControl(ByteBuffer.wrap(expected)));
  }

  @Test
  void attachedGoldenBytes() {
    ControlMessage m = new ControlMessage.Attached(2, 0x1234);
    byte[] expected = hex("534D5250 01 02 00000002 0000000000001234");
    assertArrayEquals(expected, ReplicationCodec.encode(m));
    assertEquals(m, ReplicationCodec.decodeControl(ByteBuffer.wrap(expected)));
  }

  @Test
  void refusedGoldenBytes() {
    ControlMessage m = new ControlMessage.Refused(3, RefuseReason.STALE_EPOCH);
    byte[] expected = hex("534D5250 01 03 00000003 0001");
    assertArrayEquals(expected, ReplicationCodec.encode(m));
    assertEquals(m, ReplicationCodec.decodeControl(ByteBuffer.wrap(expected)));
  }

  @Test
  void durableGoldenBytes() {
    ControlMessage m = new ControlMessage.Durable(1, 99);
    byte[] expected = hex("534D5250 01 04 00000001 0000000000000063");
    assertArrayEquals(expected, ReplicationCodec.encode(m));
    assertEquals(m, ReplicationCodec.decodeControl(ByteBuffer.wrap(expected)));
  }

  @Test
  void frameGoldenBytes() {
    byte[] frame = ReplicationCodec.encodeFrame(5, 9, ByteBuffer.wrap(hex("AABB")));
    // CRC32C of 0000000000000005 0009 00000002 AABB
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(hex("0000000000000005 0009 00000002 AABB"));
    String crcHex = String.format("%08X", crc.getValue());
    assertEquals(
        "0000000000000005000900000002" + crcHex + "AABB", HEX.formatHex(frame).toUpperCase());
  }

  @Test
  void rejectsWrongVersion() {
    byte[] bytes = hex("534D5250 02 04 00000001 0000000000000063");
    assertThrows(
        MalformedReplicationException.class,
        () -> ReplicationCodec.decodeControl(ByteBuffer.wrap(bytes)));
  }

  @Test
  void rejectsWrongMagicInToken() {
    byte[] bytes = hex("534D5251 01 0102030405060708 090A0B0C0D0E0F10");
    assertThrows(MalformedReplicationException.class, () -> ReplicationCodec.decodeToken(bytes));
  }

  @Test
  void rejectsTruncatedControl() {
    byte[] bytes = hex("534D5250 01 04 00000001 00000000000000");
    assertThrows(
        MalformedReplicationException.class,
        () -> ReplicationCodec.decodeControl(ByteBuffer.wrap(bytes)));
  }

  @Test
  void rejectsUnknownRefuseReason() {
    byte[] bytes = hex("534D5250 01 03 00000003 0063");
    assertThrows(
        MalformedReplicationException.class,
        () -> ReplicationCodec.decodeControl(ByteBuffer.wrap(bytes)));
  }
}
