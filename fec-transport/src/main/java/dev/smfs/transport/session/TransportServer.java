package dev.smfs.transport.session;

import dev.smfs.transport.codec.AddressedPacket;
import dev.smfs.transport.codec.ClosePacket;
import dev.smfs.transport.codec.CloseReason;
import dev.smfs.transport.codec.HelloPacket;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.fec.FecParams;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server endpoint: one UDP socket, one event-loop thread, at most one session per remote peer
 * address. A HELLO from a new peer is offered to the {@link SessionAcceptor}; the server adopts the
 * client's FEC parameters and the smaller max packet size. A HELLO with a new session id from a
 * known peer (client restarted) replaces the old session, which is closed.
 */
public final class TransportServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportServer.class);

  private final EventLoopGroup group;
  private final Channel channel;
  private final Map<InetSocketAddress, SessionCore> sessions;

  private TransportServer(
      EventLoopGroup group, Channel channel, Map<InetSocketAddress, SessionCore> sessions) {
    this.group = group;
    this.channel = channel;
    this.sessions = sessions;
  }

  /**
   * {@link #bind(InetSocketAddress, SessionConfig, SessionAcceptor, TransportOptions)} with
   * defaults.
   */
  public static TransportServer bind(
      InetSocketAddress local, SessionConfig config, SessionAcceptor acceptor)
      throws InterruptedException {
    return bind(local, config, acceptor, TransportOptions.defaults());
  }

  /**
   * Binds the UDP socket and starts accepting sessions.
   *
   * @param local address to bind (port 0 picks a free one; see {@link #localAddress()})
   */
  public static TransportServer bind(
      InetSocketAddress local,
      SessionConfig config,
      SessionAcceptor acceptor,
      TransportOptions options)
      throws InterruptedException {
    EventLoopGroup group = Endpoints.newGroup("smfs-transport-server");
    Map<InetSocketAddress, SessionCore> sessions = new ConcurrentHashMap<>();
    try {
      Channel ch =
          Endpoints.bootstrap(
                  group, config, options, () -> new Acceptor(config, acceptor, options, sessions))
              .bind(local)
              .sync()
              .channel();
      return new TransportServer(group, ch, sessions);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** A snapshot of the live sessions. */
  public List<Session> sessions() {
    return List.copyOf(sessions.values());
  }

  /** Closes every session (CLOSE with reason SHUTDOWN), then the socket and the event loop. */
  @Override
  public void close() {
    for (SessionCore s : List.copyOf(sessions.values())) {
      s.closeWith(SessionState.CLOSED, CloseReason.SHUTDOWN);
    }
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Demultiplexes packets by peer and runs the HELLO handshake. Event loop only. */
  private static final class Acceptor extends ChannelInboundHandlerAdapter {
    private final SessionConfig config;
    private final SessionAcceptor acceptor;
    private final TransportOptions options;
    private final Map<InetSocketAddress, SessionCore> sessions;
    private final PacketCodec codec;
    private Channel channel;

    Acceptor(
        SessionConfig config,
        SessionAcceptor acceptor,
        TransportOptions options,
        Map<InetSocketAddress, SessionCore> sessions) {
      this.config = config;
      this.acceptor = acceptor;
      this.options = options;
      this.sessions = sessions;
      this.codec = new PacketCodec(config.maxPacketBytes());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof AddressedPacket in)) {
        ctx.fireChannelRead(msg);
        return;
      }
      channel = ctx.channel();
      Packet p = in.packet();
      SessionCore existing = sessions.get(in.peer());
      if (p instanceof HelloPacket h && !h.ack()) {
        if (existing != null && existing.sessionId() == h.sessionId()) {
          existing.onRepeatedHello();
          return;
        }
        if (existing != null) {
          // A HELLO with another session id replaces the peer's session only once that session
          // has gone quiet (the peer restarted on the same port): otherwise anyone who can spoof
          // the peer's address could end a live session without even knowing its id.
          if (existing.heardWithin(config.deadTimeout().toNanos() / 2)) {
            log.debug(
                "HELLO for a new session ignored, peer's session is alive: peer={} sessionId={}",
                in.peer(),
                h.sessionId());
            return;
          }
          existing.terminate(SessionState.CLOSED, null);
        }
        onHello(h, in.peer());
      } else if (existing != null && existing.sessionId() == p.sessionId()) {
        existing.onPacket(p);
      } else {
        p.release();
      }
    }

    private void onHello(HelloPacket h, InetSocketAddress peer) {
      FecParams fec;
      try {
        fec = new FecParams(h.r(), h.interleaves().length, h.interleaves());
      } catch (IllegalArgumentException e) {
        refuse(h, peer, CloseReason.INCOMPATIBLE, e.getMessage());
        return;
      }
      int maxPacket = Math.min(config.maxPacketBytes(), h.maxPacketBytes());
      SessionConfig negotiated;
      try {
        negotiated = config.withFecGrowingWindow(fec).withMaxPacketBytes(maxPacket);
      } catch (IllegalArgumentException e) {
        refuse(h, peer, CloseReason.INCOMPATIBLE, e.getMessage());
        return;
      }
      SessionCore session =
          new SessionCore(
              h.sessionId(),
              peer,
              channel,
              negotiated,
              h.receiveCapacity(),
              0,
              h.initialSeq(),
              options.metrics(),
              options.events(),
              ended -> sessions.remove(peer, ended));
      StreamListener listener;
      try {
        listener = acceptor.accept(session, h.token());
      } catch (RuntimeException e) {
        log.warn("acceptor failed: peer={} sessionId={}", peer, h.sessionId(), e);
        listener = null;
      }
      if (listener == null) {
        session.terminate(SessionState.CLOSED, null);
        refuse(h, peer, CloseReason.REJECTED, "acceptor refused");
        return;
      }
      HelloPacket ack =
          new HelloPacket(
              h.sessionId(),
              true,
              fec.r(),
              fec.interleaves(),
              maxPacket,
              0,
              new byte[0],
              receiveCapacityShare(maxPacket));
      sessions.put(peer, session);
      session.helloAck(ack);
      channel.writeAndFlush(new DatagramPacket(codec.encode(channel.alloc(), ack), peer));
      session.start(listener, 0);
    }

    /**
     * What this server tells a new peer its receive socket holds: the socket is shared by every
     * session, so each new one is told its share among the live ones (earlier sessions keep what
     * they were told; with one primary per mirror, the usual case, the whole buffer).
     */
    private int receiveCapacityShare(int maxPacket) {
      int whole = Endpoints.receiveCapacity(channel, maxPacket);
      return whole / (sessions.size() + 1); // called before the new session joins the map
    }

    private void refuse(HelloPacket h, InetSocketAddress peer, CloseReason reason, String why) {
      log.info(
          "session refused: peer={} sessionId={} reason={} why={}",
          peer,
          h.sessionId(),
          reason,
          why);
      channel.writeAndFlush(
          new DatagramPacket(
              codec.encode(channel.alloc(), new ClosePacket(h.sessionId(), reason)), peer));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("server channel error (ignored)", cause);
    }
  }
}
