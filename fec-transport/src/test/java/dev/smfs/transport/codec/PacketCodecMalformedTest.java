package dev.smfs.transport.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per {@link MalformedReason}: every bad datagram is refused with its reason. */
class PacketCodecMalformedTest {
  private final PacketCodec codec = new PacketCodec(1400);

  @Test
  void datagramShorterThanTheFrameIsTruncated() {
    assertReason(MalformedReason.TRUNCATED, new byte[PacketCodec.HEADER_BYTES]);
  }

  @Test
  void bodyShorterThanItsTypeNeedsIsTruncated() {
    // a HEARTBEAT frame with a 4-byte body (needs 8), CRC fixed up so only the length is wrong
    byte[] bytes = frame(PacketType.HEARTBEAT, 0, new byte[4]);
    assertReason(MalformedReason.TRUNCATED, bytes);
  }

  @Test
  void datagramLongerThanMaxPacketIsOversized() {
    assertReason(MalformedReason.OVERSIZED, new byte[codec.maxPacketBytes() + 1]);
  }

  @Test
  void wrongMagicIsRefused() {
    byte[] bytes = valid(new ClosePacket(1, CloseReason.NORMAL));
    bytes[0] = 'X';
    assertReason(MalformedReason.BAD_MAGIC, bytes);
  }

  @Test
  void wrongVersionIsRefused() {
    byte[] bytes = valid(new ClosePacket(1, CloseReason.NORMAL));
    bytes[PacketCodec.OFFSET_VERSION] = 2;
    assertReason(MalformedReason.BAD_VERSION, bytes);
  }

  @Test
  void flippedPayloadBitFailsTheCrc() {
    byte[] bytes = valid(new HeartbeatPacket(1, 99, false));
    bytes[PacketCodec.HEARTBEAT_OFFSET_TIMESTAMP + 3] ^= 0x10;
    assertReason(MalformedReason.BAD_CRC, bytes);
  }

  @Test
  void heartbeatLossReportAboveOneMillionIsRefused() {
    byte[] bytes = valid(new HeartbeatPacket(1, 99, false, 1_000_000));
    bytes[PacketCodec.HEARTBEAT_OFFSET_RX_LOSS + 3] += 1; // 1,000,001 ppm
    refreshCrc(bytes);
    assertReason(MalformedReason.BAD_FIELD, bytes);
  }

  @Test
  void unknownTypeIsRefused() {
    assertReason(MalformedReason.UNKNOWN_TYPE, frameWithCode(99, 0, new byte[8]));
  }

  @Test
  void ackWhoseNakCountDisagreesWithItsLengthIsBadLength() {
    byte[] body = new byte[8 + 2 + 16 + 3];
    body[9] = 1; // nak count 1, but 19 bytes follow
    body[17] = 1; // from 1
    body[25] = 2; // to 2
    assertReason(MalformedReason.BAD_LENGTH, frame(PacketType.ACK, 0, body));
  }

  @Test
  void helloWhoseTokenLengthOverrunsIsTruncated() {
    byte[] bytes = valid(new HelloPacket(1, false, 8, new int[] {1}, 1400, 0, new byte[3], 0));
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    int tokenLengthAt = PacketCodec.HELLO_OFFSET_INTERLEAVES + 4 + 12;
    b.setShort(tokenLengthAt, 200);
    refreshCrc(bytes);
    assertReason(MalformedReason.TRUNCATED, bytes);
  }

  @Test
  void helloWithAReceiveCapacityAboveTwoToThe31IsBadField() {
    byte[] bytes = valid(new HelloPacket(1, true, 8, new int[] {1}, 1400, 0, new byte[0], 7));
    Unpooled.wrappedBuffer(bytes).setInt(bytes.length - PacketCodec.TRAILER_BYTES - 4, 0x8000_0000);
    refreshCrc(bytes);
    assertReason(MalformedReason.BAD_FIELD, bytes);
  }

  @Test
  void helloWithAPartialReceiveCapacityIsRefused() {
    // r, c = 1, one interleave, max packet, initial seq, empty token, then 2 of the 4 bytes
    byte[] body = new byte[1 + 1 + 4 + 4 + 8 + 2 + 2];
    ByteBuf b = Unpooled.wrappedBuffer(body);
    b.setByte(0, 8);
    b.setByte(1, 1);
    b.setInt(2, 1);
    b.setInt(6, 1400);
    assertReason(MalformedReason.BAD_LENGTH, frame(PacketType.HELLO, 0, body));
  }

  @Test
  void repairWithZeroStrideIsBadField() {
    byte[] bytes =
        valid(new RepairPacket(1, 0, 5, 1, 8, 0, Unpooled.wrappedBuffer(new byte[] {1})));
    Unpooled.wrappedBuffer(bytes).setInt(PacketCodec.REPAIR_OFFSET_STRIDE, 0);
    refreshCrc(bytes);
    assertReason(MalformedReason.BAD_FIELD, bytes);
  }

  @Test
  void nakRangeBelowTheCumulativeAckIsBadField() {
    byte[] bytes = valid(new AckPacket(1, 10, List.of(new SeqRange(12, 14))));
    Unpooled.wrappedBuffer(bytes).setLong(PacketCodec.ACK_OFFSET_NAKS, 5);
    refreshCrc(bytes);
    assertReason(MalformedReason.BAD_FIELD, bytes);
  }

  @Test
  void flagOnANonHeartbeatIsBadField() {
    byte[] bytes = valid(new ClosePacket(1, CloseReason.NORMAL));
    bytes[PacketCodec.OFFSET_FLAGS] = 1;
    refreshCrc(bytes);
    assertReason(MalformedReason.BAD_FIELD, bytes);
  }

  @Test
  void unknownCloseReasonIsBadField() {
    assertReason(MalformedReason.BAD_FIELD, frame(PacketType.CLOSE, 0, new byte[] {0, 77}));
  }

  @Test
  void exceptionMessageCarriesKeyValueFacts() {
    MalformedPacketException e =
        assertThrows(MalformedPacketException.class, () -> decode(new byte[5]));
    assertEquals("malformed packet: reason=truncated length=5 min=17", e.getMessage());
  }

  private void assertReason(MalformedReason expected, byte[] bytes) {
    MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes));
    assertEquals(expected, e.reason(), e.getMessage());
  }

  private void decode(byte[] bytes) throws MalformedPacketException {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    try {
      codec.decode(in).release();
    } finally {
      assertEquals(1, in.refCnt(), "decode must not retain on failure");
      in.release();
    }
  }

  private byte[] valid(Packet p) {
    ByteBuf out = codec.encode(UnpooledByteBufAllocator.DEFAULT, p);
    try {
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
      p.release();
    }
  }

  private static byte[] frame(PacketType type, int flags, byte[] body) {
    return frameWithCode(type.code(), flags, body);
  }

  private static byte[] frameWithCode(int code, int flags, byte[] body) {
    ByteBuf b = Unpooled.buffer();
    b.writeShort(PacketCodec.MAGIC).writeByte(PacketCodec.VERSION).writeByte(code).writeByte(flags);
    b.writeLong(1).writeBytes(body).writeInt(0);
    byte[] bytes = ByteBufUtil.getBytes(b);
    b.release();
    refreshCrc(bytes);
    return bytes;
  }

  private static void refreshCrc(byte[] bytes) {
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    b.setInt(bytes.length - 4, PacketCodec.crc(b, 0, bytes.length - 4));
  }
}
