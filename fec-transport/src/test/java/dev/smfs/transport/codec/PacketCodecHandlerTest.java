package dev.smfs.transport.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketCodecHandlerTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 4000);
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.1", 5000);
  private static final String CLOSE_HEX = "534d0107000102030405060708" + "0001" + "0fcbb6d7";

  private final List<MalformedReason> dropped = new ArrayList<>();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(
          new PacketCodecHandler(new PacketCodec(1400), (sender, e) -> dropped.add(e.reason())));

  @Test
  void inboundDatagramBecomesAddressedPacket() {
    channel.writeInbound(datagram(CLOSE_HEX));
    AddressedPacket in = channel.readInbound();
    assertEquals(new ClosePacket(0x0102030405060708L, CloseReason.REJECTED), in.packet());
    assertEquals(PEER, in.peer());
    assertFalse(channel.finish());
  }

  @Test
  void malformedDatagramIsDroppedAndReported() {
    channel.writeInbound(datagram("534d0107000102030405060708" + "0001" + "00000000"));
    assertNull(channel.readInbound());
    assertEquals(List.of(MalformedReason.BAD_CRC), dropped);
    assertFalse(channel.finish());
  }

  @Test
  void outboundPacketIsEncodedToTheRecipient() {
    channel.writeOutbound(
        new AddressedPacket(new ClosePacket(0x0102030405060708L, CloseReason.REJECTED), PEER));
    DatagramPacket out = channel.readOutbound();
    try {
      assertEquals(CLOSE_HEX, ByteBufUtil.hexDump(out.content()));
      assertEquals(PEER, out.recipient());
    } finally {
      out.release();
    }
    assertFalse(channel.finish());
  }

  private static DatagramPacket datagram(String hex) {
    return new DatagramPacket(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)), SELF, PEER);
  }
}
