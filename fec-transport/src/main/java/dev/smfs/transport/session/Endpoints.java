package dev.smfs.transport.session;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketCodecHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/** Channel setup shared by client and server: one event-loop thread, epoll when available. */
final class Endpoints {
  /** Socket buffers: a few windows of bursts at WAN rates without kernel drops. */
  private static final int SOCKET_BUFFER_BYTES = 4 << 20;

  private Endpoints() {}

  static EventLoopGroup newGroup(String name) {
    DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
    return new MultiThreadIoEventLoopGroup(
        1, threads, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * A bootstrap whose channel pipeline is: the options' hook handlers, the packet codec handler
   * (counting malformed datagrams), then {@code handler}.
   */
  static Bootstrap bootstrap(
      EventLoopGroup group,
      SessionConfig config,
      TransportOptions options,
      Supplier<ChannelHandler> handler) {
    Class<? extends DatagramChannel> type =
        Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    PacketCodec codec = new PacketCodec(config.maxPacketBytes());
    return new Bootstrap()
        .group(group)
        .channel(type)
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
        // one byte more than the largest packet, so an oversized datagram is seen as such
        .option(
            ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(config.maxPacketBytes() + 1))
        .handler(
            new ChannelInitializer<DatagramChannel>() {
              @Override
              protected void initChannel(DatagramChannel ch) {
                options.pipelineHook().accept(ch.pipeline());
                ch.pipeline()
                    .addLast(
                        "smfs-codec",
                        new PacketCodecHandler(
                            codec,
                            (sender, e) -> {
                              options.metrics().countMalformed(e.reason());
                              options.events().onMalformed(e.reason());
                            }));
                ch.pipeline().addLast("smfs-session", handler.get());
              }
            });
  }
}
