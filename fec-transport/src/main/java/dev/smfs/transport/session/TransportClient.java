package dev.smfs.transport.session;

import dev.smfs.transport.codec.AddressedPacket;
import dev.smfs.transport.codec.ClosePacket;
import dev.smfs.transport.codec.CloseReason;
import dev.smfs.transport.codec.HelloPacket;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client endpoint: one UDP socket, one event-loop thread, one session to a {@link TransportServer}.
 * Closing the session shuts the endpoint down.
 */
public final class TransportClient {
  private TransportClient() {}

  /**
   * {@link #connect(InetSocketAddress, byte[], SessionConfig, StreamListener, TransportOptions)}
   * with default options.
   */
  public static CompletableFuture<Session> connect(
      InetSocketAddress server, byte[] token, SessionConfig config, StreamListener listener) {
    return connect(server, token, config, listener, TransportOptions.defaults());
  }

  /**
   * Opens a session: sends HELLO (repeated until answered) with a fresh random session id, this
   * config's FEC parameters and max packet size, and {@code token}.
   *
   * @param token opaque application bytes for the server's acceptor, at most 256
   * @return completes with the OPEN session on HELLO_ACK; fails with {@link TimeoutException} after
   *     the connect timeout, or {@link SessionClosedException} if the server rejected
   */
  public static CompletableFuture<Session> connect(
      InetSocketAddress server,
      byte[] token,
      SessionConfig config,
      StreamListener listener,
      TransportOptions options) {
    if (server.isUnresolved()) {
      // replies are matched against this address, so it must be a concrete one
      server = new InetSocketAddress(server.getHostString(), server.getPort());
    }
    long sessionId;
    do {
      sessionId = ThreadLocalRandom.current().nextLong();
    } while (sessionId == 0);
    HelloPacket hello =
        new HelloPacket(
            sessionId,
            false,
            config.fec().r(),
            config.fec().interleaves(),
            config.maxPacketBytes(),
            0,
            token,
            0); // the capacity is filled in once the channel is bound
    EventLoopGroup group = Endpoints.newGroup("smfs-transport-client");
    Handshake handshake = new Handshake(server, hello, config, listener, options, group);
    Endpoints.bootstrap(group, config, options, () -> handshake)
        .bind(new InetSocketAddress(0))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                handshake.begin(((io.netty.channel.ChannelFuture) f).channel());
              } else {
                handshake.fail(f.cause());
              }
            });
    return handshake.result;
  }

  /** Runs the handshake, then forwards the session's packets. Event loop only. */
  private static final class Handshake extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress server;
    private HelloPacket hello; // gains this side's receive capacity once the channel is bound
    private final SessionConfig config;
    private final StreamListener listener;
    private final TransportOptions options;
    private final EventLoopGroup group;
    final CompletableFuture<Session> result = new CompletableFuture<>();
    private Channel channel;
    private SessionCore session;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> timeout;
    private long lastHelloNanos;

    Handshake(
        InetSocketAddress server,
        HelloPacket hello,
        SessionConfig config,
        StreamListener listener,
        TransportOptions options,
        EventLoopGroup group) {
      this.server = server;
      this.hello = hello;
      this.config = config;
      this.listener = listener;
      this.options = options;
      this.group = group;
    }

    void begin(Channel ch) {
      channel = ch;
      hello = hello.withReceiveCapacity(Endpoints.receiveCapacity(ch, config.maxPacketBytes()));
      // repeat well within the server's dead timeout, which starts when it answers
      long period =
          Math.min(
              config.heartbeatInterval().toNanos(),
              Math.max(TimeUnit.MILLISECONDS.toNanos(50), config.connectTimeout().toNanos() / 20));
      sendHello();
      retry =
          ch.eventLoop().scheduleAtFixedRate(this::sendHello, period, period, TimeUnit.NANOSECONDS);
      timeout =
          ch.eventLoop()
              .schedule(
                  () ->
                      fail(
                          new TimeoutException(
                              "no HELLO_ACK: server="
                                  + server
                                  + " sessionId="
                                  + hello.sessionId()
                                  + " timeoutMs="
                                  + config.connectTimeout().toMillis())),
                  config.connectTimeout().toNanos(),
                  TimeUnit.NANOSECONDS);
    }

    private void sendHello() {
      lastHelloNanos = System.nanoTime();
      PacketCodec codec = new PacketCodec(config.maxPacketBytes());
      channel.writeAndFlush(new DatagramPacket(codec.encode(channel.alloc(), hello), server));
    }

    void fail(Throwable cause) {
      if (result.completeExceptionally(cause)) {
        shutdown();
      }
    }

    private void shutdown() {
      if (retry != null) {
        retry.cancel(false);
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (channel != null) {
        channel.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof AddressedPacket in)) {
        ctx.fireChannelRead(msg);
        return;
      }
      Packet p = in.packet();
      if (!in.peer().equals(server) || p.sessionId() != hello.sessionId()) {
        p.release();
        return;
      }
      if (session != null) {
        session.onPacket(p);
        return;
      }
      if (p instanceof HelloPacket h && h.ack()) {
        open(h);
      } else if (p instanceof ClosePacket c) {
        fail(
            new SessionClosedException(
                "server refused session: reason=" + c.reason() + " server=" + server));
      } else {
        p.release(); // data before our HELLO_ACK arrived: the server retransmits it
      }
    }

    private void open(HelloPacket ack) {
      if (ack.r() != config.fec().r()
          || !Arrays.equals(ack.interleaves(), config.fec().interleaves())) {
        channel.writeAndFlush(
            new DatagramPacket(
                new PacketCodec(config.maxPacketBytes())
                    .encode(
                        channel.alloc(),
                        new ClosePacket(hello.sessionId(), CloseReason.INCOMPATIBLE)),
                server));
        fail(
            new SessionClosedException(
                "server changed FEC parameters: sessionId=" + hello.sessionId()));
        return;
      }
      int maxPacket = Math.min(config.maxPacketBytes(), ack.maxPacketBytes());
      if (maxPacket < PacketCodec.MIN_MAX_PACKET_BYTES) {
        fail(
            new SessionClosedException(
                "server max packet too small: maxPacketBytes=" + ack.maxPacketBytes()));
        return;
      }
      retry.cancel(false);
      timeout.cancel(false);
      session =
          new SessionCore(
              hello.sessionId(),
              server,
              channel,
              config.withMaxPacketBytes(maxPacket),
              ack.receiveCapacity(),
              hello.initialSeq(),
              ack.initialSeq(),
              options.metrics(),
              options.events(),
              ended -> shutdown());
      session.start(listener, System.nanoTime() - lastHelloNanos);
      if (!result.complete(session)) {
        session.terminate(SessionState.CLOSED, CloseReason.NORMAL);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // UDP errors (e.g. ICMP port unreachable) are not fatal: the dead-peer timeout decides.
    }
  }
}
