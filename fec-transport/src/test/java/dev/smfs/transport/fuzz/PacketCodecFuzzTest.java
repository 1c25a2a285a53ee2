package dev.smfs.transport.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.transport.codec.MalformedPacketException;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.zip.CRC32C;

/**
 * Fuzz targets for {@link PacketCodec}, the parser of every datagram that reaches a session.
 *
 * <p>Invariants: {@code decode} returns a packet or throws {@link MalformedPacketException}, never
 * anything else; it neither moves nor releases the datagram, and retains it only through the packet
 * it returns; the format is canonical, so re-encoding a decoded packet gives back the datagram byte
 * for byte; encoding a valid packet either fails with the documented {@link
 * IllegalArgumentException} (too large) or yields a datagram that decodes to an equal packet.
 */
class PacketCodecFuzzTest {

  /** Max packet sizes a session may negotiate: the minimum, typical MTUs, jumbo, the UDP limit. */
  private static final int[] MAX_PACKET_BYTES = {576, 1200, 1472, 9000, 65_507};

  /**
   * Arbitrary datagrams. Input byte 0 picks the buffer shape and whether to overwrite the trailer
   * with the correct CRC32C (so the fuzzer gets past the checksum into the body parsers); byte 1
   * picks the max packet size; the rest is the datagram.
   */
  @FuzzTest
  void decodeDatagram(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    int mode = in.u8();
    PacketCodec codec = new PacketCodec(MAX_PACKET_BYTES[in.u8() % MAX_PACKET_BYTES.length]);
    byte[] datagram = in.bytes(in.remaining());
    if ((mode & 1) != 0 && datagram.length >= PacketCodec.TRAILER_BYTES) {
      writeCrc(datagram);
    }
    CountingAllocator allocator = new CountingAllocator();
    ByteBuf buf = Buffers.of(datagram, mode >>> 1, allocator);
    int readerIndex = buf.readerIndex();
    Packet packet;
    try {
      packet = codec.decode(buf);
    } catch (MalformedPacketException e) {
      assertNotNull(e.reason(), "malformed without a reason");
      assertTrue(e.getMessage().contains("reason="), "message lacks facts: " + e.getMessage());
      assertEquals(1, buf.refCnt(), "rejected datagram retained or released");
      assertEquals(readerIndex, buf.readerIndex(), "decode moved the reader index");
      buf.release();
      allocator.assertAllReleased();
      return;
    }
    try {
      assertEquals(readerIndex, buf.readerIndex(), "decode moved the reader index");
      assertEncodesTo(codec, allocator, packet, datagram);
    } finally {
      packet.release();
    }
    assertEquals(1, buf.refCnt(), "released packet still holds the datagram");
    buf.release();
    allocator.assertAllReleased();
  }

  /**
   * Structurally valid packets of every type built from fuzz fields ({@link PacketFactory}):
   * encode, then decode to an equal packet, then re-encode to the same bytes.
   */
  @FuzzTest
  void roundTrip(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    PacketCodec codec = new PacketCodec(MAX_PACKET_BYTES[in.u8() % MAX_PACKET_BYTES.length]);
    CountingAllocator allocator = new CountingAllocator();
    Packet packet = PacketFactory.packet(in, allocator);
    if (packet == null) {
      allocator.assertAllReleased();
      return;
    }
    try {
      int encodedLength = PacketFactory.encodedLength(packet);
      if (encodedLength > codec.maxPacketBytes()) {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(allocator, packet));
        return;
      }
      ByteBuf encoded = codec.encode(allocator, packet);
      try {
        assertEquals(encodedLength, encoded.readableBytes(), "encoded length of " + packet);
        Packet decoded = decodeValid(codec, encoded);
        try {
          assertEquals(packet, decoded, "decode(encode(p)) differs");
          assertEncodesTo(codec, allocator, decoded, ByteBufUtil.getBytes(encoded));
        } finally {
          decoded.release();
        }
      } finally {
        encoded.release();
      }
    } finally {
      packet.release();
    }
    allocator.assertAllReleased();
  }

  private static Packet decodeValid(PacketCodec codec, ByteBuf encoded) {
    try {
      return codec.decode(encoded);
    } catch (MalformedPacketException e) {
      throw new AssertionError("codec rejected its own encoding: " + e.getMessage(), e);
    }
  }

  private static void assertEncodesTo(
      PacketCodec codec, CountingAllocator allocator, Packet packet, byte[] expected) {
    ByteBuf again = codec.encode(allocator, packet);
    try {
      assertArrayEquals(expected, ByteBufUtil.getBytes(again), "re-encoding of " + packet);
    } finally {
      again.release();
    }
  }

  private static void writeCrc(byte[] datagram) {
    CRC32C crc = new CRC32C();
    int body = datagram.length - PacketCodec.TRAILER_BYTES;
    crc.update(datagram, 0, body);
    int value = (int) crc.getValue();
    datagram[body] = (byte) (value >>> 24);
    datagram[body + 1] = (byte) (value >>> 16);
    datagram[body + 2] = (byte) (value >>> 8);
    datagram[body + 3] = (byte) value;
  }
}
