package dev.smfs.transport.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format: each hex string is split as magic|version|type|flags|session id|body|crc.
 * The CRC32C values were cross-checked against an independent bitwise CRC32C implementation.
 */
class PacketCodecGoldenTest {
  private static final long SID = 0x0102030405060708L;
  private static final String FRAME = "534d" + "01";
  private static final String SESSION = "0102030405060708";
  private final PacketCodec codec = new PacketCodec(1400);

  @Test
  void dataPacketBytesArePinned() throws Exception {
    String hex =
        FRAME
            + "01"
            + "00"
            + SESSION
            + "000000000000002a" // seq 42
            + "00000007" // stream id 7
            + "aabbcc" // payload
            + "3087718c";
    ByteBuf symbol =
        Unpooled.buffer()
            .writeInt(7)
            .writeBytes(new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC});
    DataPacket packet = new DataPacket(SID, 42, symbol);
    assertEncodes(hex, packet);
    DataPacket decoded = (DataPacket) decode(hex);
    try {
      assertEquals(42, decoded.seq());
      assertEquals(7, decoded.streamId());
      assertEquals("aabbcc", ByteBufUtil.hexDump(decoded.payload()));
      assertEquals(SID, decoded.sessionId());
    } finally {
      decoded.release();
      packet.release();
    }
  }

  @Test
  void encodeDataMatchesRecordEncoding() {
    ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC});
    ByteBuf out = codec.encodeData(UnpooledByteBufAllocator.DEFAULT, SID, 42, 7, payload);
    try {
      assertEquals(
          "534d0101000102030405060708000000000000002a00000007aabbcc3087718c",
          ByteBufUtil.hexDump(out));
      assertEquals("00000007aabbcc", ByteBufUtil.hexDump(PacketCodec.symbolOf(out)));
      assertEquals(0, payload.readerIndex());
    } finally {
      out.release();
      payload.release();
    }
  }

  @Test
  void repairPacketBytesArePinned() throws Exception {
    String hex =
        FRAME
            + "02"
            + "00"
            + SESSION
            + "02" // layer 2
            + "00000000000003e8" // first seq 1000
            + "00000064" // stride 100
            + "0008" // count 8
            + "00000a0b" // length xor
            + "01020304" // xor
            + "a806515c";
    RepairPacket packet =
        new RepairPacket(
            SID, 2, 1000, 100, 8, 0xA0B, Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}));
    assertEncodes(hex, packet);
    RepairPacket decoded = (RepairPacket) decode(hex);
    try {
      assertEquals(2, decoded.layer());
      assertEquals(1000, decoded.firstSeq());
      assertEquals(100, decoded.stride());
      assertEquals(8, decoded.count());
      assertEquals(0xA0B, decoded.lengthXor());
      assertEquals("01020304", ByteBufUtil.hexDump(decoded.xor()));
    } finally {
      decoded.release();
      packet.release();
    }
  }

  @Test
  void ackPacketBytesArePinned() throws Exception {
    String hex =
        FRAME
            + "03"
            + "00"
            + SESSION
            + "00000000000001f4" // cumulative 500
            + "0002" // two naks
            + "00000000000001fe"
            + "0000000000000200" // [510, 512)
            + "0000000000000258"
            + "0000000000000259" // [600, 601)
            + "c42059a1";
    AckPacket packet =
        new AckPacket(SID, 500, List.of(new SeqRange(510, 512), new SeqRange(600, 601)));
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
  }

  @Test
  void helloPacketBytesArePinned() throws Exception {
    String hex =
        FRAME
            + "04"
            + "00"
            + SESSION
            + "08"
            + "03" // r=8 c=3
            + "00000001"
            + "0000000a"
            + "00000064" // interleaves 1,10,100
            + "00000578" // max packet 1400
            + "0000000000000000" // initial seq 0
            + "0003"
            + "766f6c" // token "vol"
            + "a84780fd";
    HelloPacket packet =
        new HelloPacket(
            SID,
            false,
            8,
            new int[] {1, 10, 100},
            1400,
            0,
            "vol".getBytes(StandardCharsets.US_ASCII),
            0);
    assertEncodes(hex, packet);
    HelloPacket decoded = (HelloPacket) decode(hex);
    assertEquals(packet, decoded);
    assertArrayEquals(new int[] {1, 10, 100}, decoded.interleaves());
  }

  /** A HELLO_ACK up to its token: (8,3), interleaves 1, 10, 100, 1400 bytes, seq 0, no token. */
  private static final String HELLO_ACK_TO_TOKEN =
      FRAME
          + "05"
          + "00"
          + SESSION
          + "08"
          + "03"
          + "00000001"
          + "0000000a"
          + "00000064"
          + "00000578"
          + "0000000000000000"
          + "0000"; // empty token

  @Test
  void helloAckPacketBytesArePinned() throws Exception {
    String hex = HELLO_ACK_TO_TOKEN + "b3213aa9";
    HelloPacket packet =
        new HelloPacket(SID, true, 8, new int[] {1, 10, 100}, 1400, 0, new byte[0], 0);
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
  }

  @Test
  void helloAckWithReceiveCapacityBytesArePinned() throws Exception {
    String hex =
        HELLO_ACK_TO_TOKEN + "0000176f" /* receive capacity: 5999 datagrams */ + "b72ad8b1";
    HelloPacket packet =
        new HelloPacket(SID, true, 8, new int[] {1, 10, 100}, 1400, 0, new byte[0], 5999);
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
    assertEquals(5999, ((HelloPacket) decode(hex)).receiveCapacity());
  }

  @Test
  void heartbeatReplyBytesArePinned() throws Exception {
    String hex =
        FRAME + "06" + "01" + SESSION + "00000000075bcd15" + "00002710" /* 1% */ + "fd6dac5f";
    HeartbeatPacket packet = new HeartbeatPacket(SID, 123456789L, true, 10_000);
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
    assertEquals(0.01, packet.rxLossRatio());
  }

  @Test
  void heartbeatWithoutReceiverReportBytesArePinned() throws Exception {
    String hex = FRAME + "06" + "01" + SESSION + "00000000075bcd15" + "ffffffff" + "5f4df54f";
    HeartbeatPacket packet = new HeartbeatPacket(SID, 123456789L, true);
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
    assertTrue(Double.isNaN(packet.rxLossRatio()));
  }

  @Test
  void closePacketBytesArePinned() throws Exception {
    String hex = FRAME + "07" + "00" + SESSION + "0001" + "0fcbb6d7";
    ClosePacket packet = new ClosePacket(SID, CloseReason.REJECTED);
    assertEncodes(hex, packet);
    assertEquals(packet, decode(hex));
  }

  private void assertEncodes(String hex, Packet packet) {
    ByteBuf out = codec.encode(UnpooledByteBufAllocator.DEFAULT, packet);
    try {
      assertEquals(hex, ByteBufUtil.hexDump(out));
    } finally {
      out.release();
    }
  }

  private Packet decode(String hex) throws MalformedPacketException {
    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    try {
      return codec.decode(in);
    } finally {
      in.release();
    }
  }
}
