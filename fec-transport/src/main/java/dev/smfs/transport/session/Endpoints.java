package dev.smfs.transport.session;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketCodecHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/** Channel setup shared by client and server: one event-loop thread, epoll when available. */
final class Endpoints {
  /**
   * Socket buffers asked for: a few windows of bursts at WAN rates without kernel drops. The kernel
   * caps the request at {@code net.core.rmem_max}/{@code wmem_max} (208 KiB on a stock kernel) and
   * charges twice what it grants. What the receive buffer holds is announced to the peer ({@link
   * #receiveCapacity}) and bounds what the peer keeps in flight above the default flight limit.
   */
  static final int SOCKET_BUFFER_BYTES = 32 << 20;

  /**
   * Kernel receive-buffer bytes a datagram is assumed to take, per byte of the largest datagram:
   * twice its size (an skb's overhead on a 1400-byte datagram is about 0.9 KiB), so a receive
   * capacity computed with it errs low.
   */
  static final int RECEIVE_CHARGE_FACTOR = 2;

  /**
   * Datagrams of {@code maxPacketBytes} that {@code ch}'s receive buffer holds, as granted by the
   * kernel ({@code SO_RCVBUF}); 0 if the channel cannot tell.
   */
  static int receiveCapacity(Channel ch, int maxPacketBytes) {
    Integer granted;
    try {
      granted = ch.config().getOption(ChannelOption.SO_RCVBUF);
    } catch (RuntimeException e) {
      return 0;
    }
    if (granted == null || granted <= 0) {
      return 0;
    }
    return Math.max(1, granted / (RECEIVE_CHARGE_FACTOR * maxPacketBytes));
  }

  /**
   * Datagrams one epoll read takes with a single {@code recvmmsg} call. Each arrives as a slice of
   * one pooled buffer of this many max-size slots, which stays allocated until its last slice is
   * released (a packet parked in the reorder buffer pins its batch).
   */
  static final int RECV_BATCH_DATAGRAMS = 16;

  /**
   * Bytes a pipeline-hook handler may add to each datagram (e.g. a sealing header and tag) that
   * still fit one receive slot. Handlers that enlarge the fixed receive buffer instead still work:
   * a larger buffer only means more slots of the same size.
   */
  static final int HOOK_SLACK_BYTES = 64;

  /** System property forcing the NIO transport even where epoll works (tests, diagnosis). */
  static final String FORCE_NIO_PROPERTY = "smfs.transport.forceNio";

  /** System property turning {@code UDP_GRO} reads off (comparisons, diagnosis). */
  static final String NO_GRO_PROPERTY = "smfs.transport.noGro";

  /** Receive buffer with {@code UDP_GRO}: the largest batch, one UDP datagram of 64 KiB. */
  static final int GRO_BUFFER_BYTES = 65_536;

  private Endpoints() {}

  /** Whether epoll sockets read with {@code UDP_GRO}. */
  static boolean useGro() {
    return useEpoll() && !Boolean.getBoolean(NO_GRO_PROPERTY);
  }

  static boolean useEpoll() {
    return Epoll.isAvailable() && !Boolean.getBoolean(FORCE_NIO_PROPERTY);
  }

  static EventLoopGroup newGroup(String name) {
    DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
    return new MultiThreadIoEventLoopGroup(
        1, threads, useEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
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
        useEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    PacketCodec codec = new PacketCodec(config.maxPacketBytes());
    // more than the largest packet, so an oversized datagram is seen as such (the kernel truncates
    // it to the slot, and the codec rejects anything longer than the largest packet), with room
    // for pipeline-hook handlers that wrap each datagram (their frames arrive whole)
    int slot = config.maxPacketBytes() + 1 + HOOK_SLACK_BYTES;
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(type)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    if (type == EpollDatagramChannel.class && useGro()) {
      // A peer's segmented batch (UDP GSO) arrives whole with one recvmsg and is sliced into its
      // datagrams (Netty reads GRO batches only with recvmsg, into a buffer of the largest batch).
      // Parked packets pin their batch's buffer as they pin their recvmmsg buffer without GRO.
      b.option(EpollChannelOption.UDP_GRO, true)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(GRO_BUFFER_BYTES));
    } else if (type == EpollDatagramChannel.class) {
      // batch reads: one recvmmsg fills up to RECV_BATCH_DATAGRAMS slots of one buffer
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(slot * RECV_BATCH_DATAGRAMS));
    } else {
      b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot));
    }
    return b.handler(
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
