package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender using UDP segmentation offload through the emulator: with {@code UDP_GRO} the emulator
 * reads each batch whole and must still impair and forward datagram by datagram.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WanEmulatorSegmentationTest {
  private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

  private static ByteBuf datagram(int number, int length) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(length);
    b.writeInt(number);
    for (int i = 4; i < length; i++) {
      b.writeByte((byte) (number * 31 + i));
    }
    return b;
  }

  @Test
  void segmentedBatchesArriveAsTheirDatagramsInOrder() throws Exception {
    assumeTrue(EpollDatagramChannel.isSegmentedDatagramPacketSupported(), "no UDP GSO here");
    int batches = 20;
    int perBatch = 40;
    int length = 1_442;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try (DatagramChannel server = DatagramChannel.open().bind(ANY_LOCAL)) {
      server.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      try (WanEmulator emu =
          WanEmulator.start(
              WanConfig.symmetric(
                  ANY_LOCAL,
                  (InetSocketAddress) server.getLocalAddress(),
                  WanProfile.PERFECT.withDelayMs(1)))) {
        Channel client =
            new Bootstrap()
                .group(group)
                .channel(EpollDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(ANY_LOCAL)
                .sync()
                .channel();
        ByteBuffer in = ByteBuffer.allocate(65_536);
        int number = 0;
        for (int b = 0; b < batches; b++) {
          CompositeByteBuf batch = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(perBatch);
          for (int i = 0; i < perBatch; i++) {
            batch.addComponent(true, datagram(b * perBatch + i, length));
          }
          client
              .writeAndFlush(new SegmentedDatagramPacket(batch, length, emu.listenAddress()))
              .sync();
          for (int i = 0; i < perBatch; i++) {
            in.clear();
            server.receive(in);
            in.flip();
            assertEquals(length, in.remaining(), "length of datagram " + number);
            assertEquals(number, in.getInt(0), "datagram order");
            assertEquals((byte) (number * 31 + length - 1), in.get(length - 1), "content");
            number++;
          }
        }
        int sent = batches * perBatch;
        assertTrue(
            emu.awaitCounters(
                Direction.UPSTREAM, c -> c.forwarded() >= sent, Duration.ofSeconds(10)));
        assertEquals(sent, emu.counters(Direction.UPSTREAM).received());
        client.close().sync();
      }
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
