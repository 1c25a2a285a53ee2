package dev.smfs.transport.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketCodecRoundTripTest {
  private final PacketCodec codec = new PacketCodec(1400);
  private final Random random = new Random(20261121L);

  @Test
  void dataPacketsOfEverySizeRoundTrip() throws Exception {
    for (int size = 0; size <= codec.maxPayloadBytes(); size += 1 + random.nextInt(97)) {
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      long seq = random.nextLong() & Long.MAX_VALUE;
      int stream = random.nextInt();
      ByteBuf out =
          codec.encodeData(
              PooledByteBufAllocator.DEFAULT, 9, seq, stream, Unpooled.wrappedBuffer(payload));
      try {
        DataPacket d = (DataPacket) codec.decode(out);
        try {
          assertEquals(seq, d.seq());
          assertEquals(stream, d.streamId());
          assertEquals(ByteBufUtil.hexDump(payload), ByteBufUtil.hexDump(d.payload()));
        } finally {
          d.release();
        }
      } finally {
        out.release();
      }
    }
  }

  @Test
  void largestPayloadFitsAndOneMoreIsRefused() {
    ByteBuf max = Unpooled.wrappedBuffer(new byte[codec.maxPayloadBytes()]);
    ByteBuf out = codec.encodeData(PooledByteBufAllocator.DEFAULT, 1, 1, 1, max);
    assertTrue(out.readableBytes() <= codec.maxPacketBytes());
    out.release();
    ByteBuf tooBig = Unpooled.wrappedBuffer(new byte[codec.maxPayloadBytes() + 1]);
    assertThrows(
        IllegalArgumentException.class,
        () -> codec.encodeData(PooledByteBufAllocator.DEFAULT, 1, 1, 1, tooBig));
  }

  @Test
  void repairWithMaxSymbolFitsTheMaxPacket() throws Exception {
    byte[] xor = new byte[codec.maxSymbolBytes()];
    random.nextBytes(xor);
    RepairPacket p = new RepairPacket(5, 1, 77, 10, 8, 1234, Unpooled.wrappedBuffer(xor));
    ByteBuf out = codec.encode(PooledByteBufAllocator.DEFAULT, p);
    try {
      assertEquals(codec.maxPacketBytes(), out.readableBytes());
      RepairPacket back = (RepairPacket) codec.decode(out);
      try {
        assertEquals(ByteBufUtil.hexDump(xor), ByteBufUtil.hexDump(back.xor()));
        assertEquals(77, back.firstSeq());
      } finally {
        back.release();
      }
    } finally {
      out.release();
      p.release();
    }
  }

  @Test
  void ackWithMostNaksThatFitRoundTrips() throws Exception {
    List<SeqRange> naks = new ArrayList<>();
    long at = 1000;
    for (int i = 0; i < codec.maxNakRanges(); i++) {
      long from = at + 1 + random.nextInt(50);
      long to = from + 1 + random.nextInt(50);
      naks.add(new SeqRange(from, to));
      at = to;
    }
    AckPacket ack = new AckPacket(3, 1000, naks);
    ByteBuf out = codec.encode(PooledByteBufAllocator.DEFAULT, ack);
    try {
      assertEquals(ack, codec.decode(out));
    } finally {
      out.release();
    }
  }

  @Test
  void helloWithLongestTokenRoundTrips() throws Exception {
    byte[] token = new byte[HelloPacket.MAX_TOKEN_BYTES];
    random.nextBytes(token);
    HelloPacket h = new HelloPacket(11, false, 4, new int[] {1, 7}, 9000, 123, token, 0);
    ByteBuf out = codec.encode(PooledByteBufAllocator.DEFAULT, h);
    try {
      assertEquals(h, codec.decode(out));
    } finally {
      out.release();
    }
  }

  @Test
  void heartbeatRequestAndCloseRoundTrip() throws Exception {
    for (Packet p :
        List.<Packet>of(
            new HeartbeatPacket(1, Long.MIN_VALUE, false),
            new ClosePacket(2, CloseReason.TIMEOUT),
            new ClosePacket(2, CloseReason.SHUTDOWN))) {
      ByteBuf out = codec.encode(PooledByteBufAllocator.DEFAULT, p);
      try {
        assertEquals(p, codec.decode(out));
      } finally {
        out.release();
      }
    }
  }
}
