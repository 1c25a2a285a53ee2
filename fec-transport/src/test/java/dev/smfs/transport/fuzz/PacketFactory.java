package dev.smfs.transport.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.ClosePacket;
import dev.smfs.transport.codec.CloseReason;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.HeartbeatPacket;
import dev.smfs.transport.codec.HelloPacket;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds packet records from fuzz fields. Where the fields break a record's documented rules the
 * record's constructor must throw {@link IllegalArgumentException}; the factory checks that and
 * returns {@code null}. Also computes each packet's wire length from the layout in {@link
 * PacketCodec}'s javadoc, independently of the encoder.
 */
final class PacketFactory {
  private static final int MAX_BYTES = 2_000;

  private PacketFactory() {}

  /**
   * @return a packet owning buffers from {@code allocator} (the caller releases it), or {@code
   *     null} when the fields were invalid
   */
  static Packet packet(FuzzInput in, ByteBufAllocator allocator) {
    int type = in.u8() % 6;
    long sessionId = in.u64();
    switch (type) {
      case 0:
        {
          long seq = in.u64();
          byte[] symbol = in.bytes(in.u16() % MAX_BYTES);
          ByteBuf buf = Buffers.of(symbol, in.u8(), allocator);
          if (seq < 0 || symbol.length < DataPacket.STREAM_ID_BYTES) {
            assertThrows(IllegalArgumentException.class, () -> new DataPacket(sessionId, seq, buf));
            buf.release();
            return null;
          }
          return new DataPacket(sessionId, seq, buf);
        }
      case 1:
        {
          int layer = in.u8();
          long firstSeq = in.u64();
          int stride = in.bit() ? (int) in.u32() : in.u16();
          int count = in.u16();
          int lengthXor = (int) in.u32();
          ByteBuf xor = Buffers.of(in.bytes(in.u16() % MAX_BYTES), in.u8(), allocator);
          if (firstSeq < 0 || stride < 1 || count < 1) {
            assertThrows(
                IllegalArgumentException.class,
                () -> new RepairPacket(sessionId, layer, firstSeq, stride, count, lengthXor, xor));
            xor.release();
            return null;
          }
          return new RepairPacket(sessionId, layer, firstSeq, stride, count, lengthXor, xor);
        }
      case 2:
        return ack(in, sessionId);
      case 3:
        return hello(in, sessionId);
      case 4:
        return new HeartbeatPacket(
            sessionId, in.u64(), in.bit(), (int) Math.floorMod(in.u64(), 1_000_002L) - 1);
      default:
        return new ClosePacket(
            sessionId, CloseReason.values()[in.u8() % CloseReason.values().length]);
    }
  }

  private static Packet ack(FuzzInput in, long sessionId) {
    long cumulative = in.u64();
    int count = in.u8() % (AckPacket.MAX_NAKS + 4);
    List<SeqRange> naks = new ArrayList<>();
    long floor = cumulative;
    boolean valid = cumulative >= 0 && count <= AckPacket.MAX_NAKS;
    for (int i = 0; i < count; i++) {
      // Mostly ascending gaps above the previous range; sometimes a raw value that may go back.
      long from = in.bit() ? in.u64() : floor + in.u16();
      long to = from + 1 + in.u16();
      if (from < 0 || to <= from) {
        long f = from;
        assertThrows(IllegalArgumentException.class, () -> new SeqRange(f, to));
        return null;
      }
      valid &= from >= floor;
      naks.add(new SeqRange(from, to));
      floor = to;
    }
    if (!valid) {
      assertThrows(
          IllegalArgumentException.class, () -> new AckPacket(sessionId, cumulative, naks));
      return null;
    }
    return new AckPacket(sessionId, cumulative, naks);
  }

  private static Packet hello(FuzzInput in, long sessionId) {
    boolean ack = in.bit();
    int r = in.u8();
    int[] interleaves = new int[in.u8()];
    boolean valid = r >= 1 && interleaves.length >= 1;
    for (int i = 0; i < interleaves.length; i++) {
      interleaves[i] = in.bit() ? (int) in.u32() : in.u16();
      valid &= interleaves[i] >= 1;
    }
    int maxPacketBytes = (int) in.u32();
    long initialSeq = in.u64();
    byte[] token = in.bytes(in.u16() % (HelloPacket.MAX_TOKEN_BYTES + 8));
    int capacity = in.bit() ? (int) in.u32() : 0; // absent (0) or any u32, negative as int
    valid &= maxPacketBytes >= 1 && initialSeq >= 0 && token.length <= HelloPacket.MAX_TOKEN_BYTES;
    valid &= capacity >= 0;
    if (!valid) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new HelloPacket(
                  sessionId, ack, r, interleaves, maxPacketBytes, initialSeq, token, capacity));
      return null;
    }
    return new HelloPacket(
        sessionId, ack, r, interleaves, maxPacketBytes, initialSeq, token, capacity);
  }

  /** Datagram length of {@code p} per the documented layout: header, body, CRC trailer. */
  static int encodedLength(Packet p) {
    int body;
    if (p instanceof DataPacket d) {
      body = 8 + d.symbol().readableBytes();
    } else if (p instanceof RepairPacket rp) {
      body = 1 + 8 + 4 + 2 + 4 + rp.xor().readableBytes();
    } else if (p instanceof AckPacket a) {
      body = 8 + 2 + 16 * a.naks().size();
    } else if (p instanceof HelloPacket h) {
      body =
          1
              + 1
              + 4 * h.interleaves().length
              + 4
              + 8
              + 2
              + h.token().length
              + (h.receiveCapacity() > 0 ? 4 : 0);
    } else if (p instanceof HeartbeatPacket) {
      body = 8 + 4;
    } else {
      body = 2;
    }
    return PacketCodec.HEADER_BYTES + body + PacketCodec.TRAILER_BYTES;
  }
}
