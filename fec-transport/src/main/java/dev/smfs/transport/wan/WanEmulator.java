package dev.smfs.transport.wan;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running UDP relay between one client and a forward address, impairing each direction as its
 * {@link WanProfile} says. See the package documentation for the one-client rule.
 *
 * <p>Two sockets: the listen socket receives client traffic and sends return traffic to the client
 * last seen; an ephemeral socket connected to the forward address sends client traffic on and
 * receives only return traffic from that address. Both are Netty datagram channels (epoll where
 * available, with {@code UDP_GRO} reads and segmented sends; NIO otherwise) on one event-loop
 * thread named {@value #THREAD_NAME}; each direction is a {@link Relay}.
 *
 * <p>Thread-safety: all public methods may be called from any thread.
 */
public final class WanEmulator implements AutoCloseable {
  /**
   * Socket buffers asked for; Linux caps them at net.core.[rw]mem_max (the benches raise those to
   * 32 MiB). As large as the session's: at 1 Gbit/s a 4 MiB buffer (8 MiB of kernel charge, about
   * 3,500 datagrams) overflowed when the relay thread lost its core for a few tens of milliseconds
   * on the loaded 2-core test machine, and every such drop costs the session a retransmission.
   */
  static final int SOCKET_BUFFER_BYTES = 32 << 20;

  /** The relay thread's name (the bench reports its CPU as "emulator-relay"). */
  static final String THREAD_NAME = "wan-emu-relay";

  /**
   * Outbound bytes a channel queues before a direction stops taking due packets off its delay line
   * (they wait there, still charged to its queue limit). UDP sends on loopback seldom block, so the
   * queue is normally empty after each flush.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 2 << 20);

  private final WanConfig config;
  private final EventLoopGroup group;
  private final boolean epoll;
  private final InetSocketAddress forward;
  private volatile Channel listen;
  private volatile Channel upstream;
  private volatile InetSocketAddress listenAddress;
  private final Map<Direction, WanCounters> counters = new EnumMap<>(Direction.class);
  private final Map<Direction, Impairment> impairments = new EnumMap<>(Direction.class);
  private final Map<Direction, Relay> relays = new EnumMap<>(Direction.class);
  private volatile InetSocketAddress client;

  private WanEmulator(WanConfig config, boolean epoll) {
    this.config = config;
    this.epoll = epoll;
    this.forward = config.forward();
    this.group =
        new MultiThreadIoEventLoopGroup(
            1,
            r -> {
              Thread t = new FastThreadLocalThread(r, THREAD_NAME);
              t.setDaemon(true);
              return t;
            },
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    boolean segmentation = epoll && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    for (Direction d : Direction.values()) {
      WanCounters c = new WanCounters();
      counters.put(d, c);
      impairments.put(d, new Impairment(config.profile(d), c));
    }
    relays.put(
        Direction.UPSTREAM,
        relay(
            Direction.UPSTREAM,
            () -> upstream,
            () -> upstream == null ? null : forward,
            this::clientSeen,
            segmentation));
    relays.put(
        Direction.DOWNSTREAM,
        relay(
            Direction.DOWNSTREAM,
            () -> listen,
            () -> listen == null ? null : client,
            source -> {},
            segmentation));
  }

  /** The relay of direction {@code d}, sending on the channel and to the address supplied. */
  private Relay relay(
      Direction d,
      java.util.function.Supplier<Channel> out,
      java.util.function.Supplier<InetSocketAddress> to,
      Relay.SourceListener sources,
      boolean segmentation) {
    return new Relay(
        d,
        impairments.get(d),
        counters.get(d),
        new Relay.Sink() {
          @Override
          public Channel channel() {
            return out.get();
          }

          @Override
          public InetSocketAddress recipient() {
            return to.get();
          }
        },
        sources,
        segmentation);
  }

  /**
   * Binds the sockets and starts both directions.
   *
   * @throws IOException with a one-line message naming the address if a socket cannot be set up
   */
  public static WanEmulator start(WanConfig config) throws IOException {
    return start(config, Epoll.isAvailable());
  }

  /** As {@link #start(WanConfig)}, on epoll or on NIO (the fallback, tested everywhere). */
  static WanEmulator start(WanConfig config, boolean epoll) throws IOException {
    WanEmulator emulator = new WanEmulator(config, epoll);
    boolean started = false;
    try {
      emulator.open();
      started = true;
      return emulator;
    } finally {
      if (!started) {
        emulator.close();
      }
    }
  }

  private void open() throws IOException {
    // the upstream socket first: client traffic read on the listen socket goes out on it
    io.netty.channel.ChannelFuture up =
        bootstrap(Direction.DOWNSTREAM, upstreamOutput())
            .connect(forward, new InetSocketAddress(0))
            .awaitUninterruptibly();
    if (!up.isSuccess()) {
      throw new IOException(
          "cannot reach forward address " + describe(forward) + ": " + up.cause().getMessage(),
          up.cause());
    }
    upstream = up.channel();
    io.netty.channel.ChannelFuture l =
        bootstrap(Direction.UPSTREAM, listenChannelOutput())
            .bind(config.listen())
            .awaitUninterruptibly();
    if (!l.isSuccess()) {
      throw new BindException(
          "cannot listen on " + describe(config.listen()) + ": " + l.cause().getMessage());
    }
    listen = l.channel();
    listenAddress = (InetSocketAddress) listen.localAddress();
  }

  /** Runs when the listen channel (the downstream direction's output) becomes writable. */
  private Runnable listenChannelOutput() {
    return () -> relays.get(Direction.DOWNSTREAM).sendReadyAndArm();
  }

  /** Runs when the upstream channel (the upstream direction's output) becomes writable. */
  private Runnable upstreamOutput() {
    return () -> relays.get(Direction.UPSTREAM).sendReadyAndArm();
  }

  /**
   * A bootstrap for the channel that reads direction {@code in}; {@code onWritable} wakes the other
   * direction, which sends on this channel.
   */
  private Bootstrap bootstrap(Direction in, Runnable onWritable) {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    if (epoll) {
      // Netty reads GRO batches only with recvmsg (recvmmsg drops the segment size): one batch
      // or plain datagram per call, into a buffer that holds the largest (64 KiB)
      b.option(EpollChannelOption.UDP_GRO, true);
    }
    b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Relay.MAX_DATAGRAM));
    Relay relay = relays.get(in);
    return b.handler(
        new io.netty.channel.ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast(relay, new WritabilityHandler(onWritable));
          }
        });
  }

  /** The bound listen address (with the real port if 0 was asked for). */
  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  public WanConfig config() {
    return config;
  }

  /** Installs a filter for one direction (null removes it); applies to packets read after this. */
  public void setFilter(Direction direction, PacketFilter filter) {
    impairments.get(direction).setFilter(filter);
  }

  /** Installs an observer of the packets one direction drops (null removes it). */
  public void setDropObserver(Direction direction, DropObserver observer) {
    impairments.get(direction).setDropObserver(observer);
  }

  /** Asks the direction to forward every packet held so far, in order, without loss or delay. */
  public void releaseHeld(Direction direction) {
    relays.get(direction).requestRelease();
  }

  public WanCounters.Snapshot counters(Direction direction) {
    return counters.get(direction).snapshot();
  }

  /**
   * Blocks until one direction's counters satisfy {@code condition}, e.g. {@code s -> s.heldNow()
   * >= 3}, or the timeout passes; returns whether the condition held.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitCounters(
      Direction direction, Predicate<WanCounters.Snapshot> condition, Duration timeout)
      throws InterruptedException {
    return counters.get(direction).await(condition, timeout);
  }

  /** {@code {"upstream":{...},"downstream":{...}}} on one line. */
  public String toJson() {
    return "{\"upstream\":"
        + counters(Direction.UPSTREAM).toJson()
        + ",\"downstream\":"
        + counters(Direction.DOWNSTREAM).toJson()
        + "}";
  }

  /**
   * Stops both directions (packets still in the delay line are discarded) and closes the sockets.
   */
  @Override
  public void close() {
    relays.values().forEach(Relay::stop);
    try {
      for (Channel ch : new Channel[] {listen, upstream}) {
        if (ch != null) {
          ch.close().await(5, TimeUnit.SECONDS);
        }
      }
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void clientSeen(InetSocketAddress source) {
    // Netty makes a new address object per datagram: compare before writing the volatile
    InetSocketAddress c = client;
    if (source != null && !source.equals(c)) {
      client = source;
    }
  }

  private static String describe(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Wakes the direction that sends on this channel when the channel can take writes again. */
  private static final class WritabilityHandler extends ChannelInboundHandlerAdapter {
    private final Runnable onWritable;

    WritabilityHandler(Runnable onWritable) {
      this.onWritable = onWritable;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        onWritable.run();
      }
      ctx.fireChannelWritabilityChanged();
    }
  }
}
