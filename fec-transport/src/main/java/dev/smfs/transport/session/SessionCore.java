package dev.smfs.transport.session;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.ClosePacket;
import dev.smfs.transport.codec.CloseReason;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.HeartbeatPacket;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketCodecHandler;
import dev.smfs.transport.codec.RepairPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: glues the {@link SendPath} and {@link ReceivePath} to the channel, runs the periodic
 * tick (FEC linger, ACK/NAK, heartbeat, dead-peer check, tail-loss probe) and the life cycle.
 *
 * <p>Threading: all protocol state is confined to the channel's event loop. Application threads
 * call {@link #send}/{@link #trySend} (window acquisition, then sequence assignment and encoding
 * under {@link #sendLock} so sequence order equals event-loop task order), {@link #close} and the
 * read-only getters.
 */
final class SessionCore implements Session, Link {
  private static final Logger log = LoggerFactory.getLogger(SessionCore.class);

  /** System property switching segmentation offload off (comparisons, diagnosis). */
  static final String NO_SEGMENTATION_PROPERTY = "smfs.transport.noGso";

  static final long INITIAL_RTT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MIN_TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  private static final long MIN_RTO_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final long sessionId;
  private final InetSocketAddress remote;
  private final Channel channel;
  private final EventLoop loop;

  /** The event loop's clock: the system clock, or a mock one in tests (virtual time). */
  private final Ticker ticker;

  private final SessionConfig config;
  private final PacketCodec codec;
  private final TransportMetrics metrics;
  private final Consumer<SessionCore> onTerminated;
  private final SendWindow window;
  private final FlightLimit flight;

  /**
   * Whether runs of equal-size datagrams go out as one segmented write (UDP GSO): epoll with {@code
   * UDP_SEGMENT}, no pipeline hook that rewrites datagrams one by one (e.g. sealing), not switched
   * off by {@link #NO_SEGMENTATION_PROPERTY}. Event loop only after construction.
   */
  private boolean segmentation;

  private final int segmentOverhead; // bytes a SegmentingHook adds to each datagram

  private final ProgressTracker progress;
  private final SendPath sendPath;
  private final ReceivePath receivePath;
  private final RttEstimator rtt = new RttEstimator(INITIAL_RTT_NANOS);
  private final CompletableFuture<SessionState> terminated = new CompletableFuture<>();

  /** Guards {@link #nextSeq} and orders sequence assignment with event-loop submission. */
  private final Object sendLock = new Object();

  private long nextSeq;

  /** An encoded DATA packet on its way to the event loop; the queue owns {@code packet}. */
  private record Submission(long seq, ByteBuf packet) {}

  /**
   * Sends handed from application threads to the event loop, in sequence order (added under {@link
   * #sendLock}). Bounded by the send window: each entry holds a window slot.
   */
  private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();

  /** Whether a {@link #takeSubmissions} task is pending: one wake-up per batch, not per packet. */
  private final AtomicBoolean submitScheduled = new AtomicBoolean();

  private volatile SessionState state = SessionState.CONNECTING;
  private volatile StreamListener listener;
  private volatile double peerLoss = Double.NaN; // the peer's latest receiver report
  private Packet helloAck;
  private ScheduledFuture<?> tickTask;
  private long lastHeardNanos;
  private long lastAckSentNanos;
  private long lastHeartbeatNanos;

  /**
   * @param config with the negotiated max packet size and FEC parameters
   * @param peerReceiveCapacity datagrams the peer's receive socket holds, from its HELLO or
   *     HELLO_ACK (0: unknown): bounds the flight limit above its floor
   * @param onTerminated run once on the event loop after the session reached CLOSED or DEAD
   */
  SessionCore(
      long sessionId,
      InetSocketAddress remote,
      Channel channel,
      SessionConfig config,
      int peerReceiveCapacity,
      long sendInitialSeq,
      long receiveInitialSeq,
      TransportMetrics metrics,
      PacketEventListener events,
      Consumer<SessionCore> onTerminated) {
    this.sessionId = sessionId;
    this.remote = remote;
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.ticker = loop.ticker();
    this.config = config;
    this.codec = new PacketCodec(config.maxPacketBytes());
    this.metrics = metrics;
    metrics.registerFecConfig(config.fec());
    this.onTerminated = onTerminated;
    this.nextSeq = sendInitialSeq;
    FlightLimit flight = FlightLimit.forSession(config, peerReceiveCapacity);
    if (peerReceiveCapacity > 0
        && FlightLimit.dataShare(config, peerReceiveCapacity) < flight.floor()) {
      log.warn(
          "peer's receive buffer holds fewer packets than the flight limit's floor: a pause of the"
              + " peer drops packets that only retransmission repairs; raise net.core.rmem_max"
              + " there (32 MiB): sessionId={} remote={} peerCapacity={} floor={}",
          sessionId,
          remote,
          peerReceiveCapacity,
          flight.floor());
    }
    this.window = new SendWindow(flight.limit());
    this.flight = flight;
    metrics.registerFlight(flight);
    this.segmentation = segmentationUsable(channel);
    this.segmentOverhead =
        channel.pipeline().first() instanceof SegmentingHook hook
            ? hook.bytesAddedPerDatagram()
            : 0;
    this.progress =
        new ProgressTracker(loop, config.windowPackets(), config.fec().c(), sendInitialSeq);
    this.sendPath =
        new SendPath(
            sessionId,
            codec,
            this,
            window,
            flight,
            progress,
            config,
            sendInitialSeq,
            ticker::nanoTime,
            (task, delay) -> loop.schedule(task, delay, TimeUnit.NANOSECONDS),
            metrics,
            events);
    this.receivePath =
        new ReceivePath(
            config.fec(),
            codec.maxSymbolBytes(),
            config.windowPackets(),
            receiveInitialSeq,
            this::deliver,
            metrics,
            events);
  }

  /**
   * Segmentation needs the epoll socket's {@code UDP_SEGMENT} support and a pipeline whose first
   * handler is the packet codec or a {@link SegmentingHook} (sealing): any other hook handler in
   * front of it would see one segmented packet where it expects one datagram.
   */
  static boolean segmentationUsable(Channel channel) {
    io.netty.channel.ChannelHandler first = channel.pipeline().first();
    return channel instanceof EpollDatagramChannel
        && EpollDatagramChannel.isSegmentedDatagramPacketSupported()
        && (first instanceof PacketCodecHandler || first instanceof SegmentingHook)
        && !Boolean.getBoolean(NO_SEGMENTATION_PROPERTY);
  }

  /** Opens the session: starts the tick. Event loop only. */
  void start(StreamListener streamListener, long handshakeRttNanos) {
    listener = streamListener;
    if (handshakeRttNanos > 0) {
      rtt.sample(handshakeRttNanos);
    }
    long now = ticker.nanoTime();
    lastHeardNanos = now;
    lastAckSentNanos = now;
    lastHeartbeatNanos = now;
    state = SessionState.OPEN;
    long tick =
        Math.max(
            MIN_TICK_NANOS,
            Math.min(config.ackInterval().toNanos(), Math.max(1, config.linger().toNanos() / 2)));
    tickTask = loop.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
    notifyState(SessionState.OPEN);
  }

  /**
   * Server side: whether this session is OPEN and heard from its peer within {@code nanos}. Event
   * loop only.
   */
  boolean heardWithin(long nanos) {
    return state == SessionState.OPEN && ticker.nanoTime() - lastHeardNanos < nanos;
  }

  /** Server side: the HELLO_ACK to repeat when the client repeats its HELLO. */
  void helloAck(Packet ack) {
    helloAck = ack;
  }

  /** Server side: the client repeated its HELLO (our HELLO_ACK was lost). Event loop only. */
  void onRepeatedHello() {
    lastHeardNanos = ticker.nanoTime();
    if (helloAck != null && state == SessionState.OPEN) {
      writeControl(helloAck);
    }
  }

  /** A packet for this session. Event loop only. @param packet ownership passes here */
  void onPacket(Packet packet) {
    long now = ticker.nanoTime();
    if (state.isFinal()) {
      packet.release();
      return;
    }
    lastHeardNanos = now;
    if (packet instanceof DataPacket d) {
      receivePath.onData(d, now);
      if (now - lastAckSentNanos >= config.ackInterval().toNanos()) {
        // first data after a quiet ACK interval: acknowledge now rather than at the next tick
        sendAck(now);
      }
    } else if (packet instanceof RepairPacket r) {
      receivePath.onRepair(r, now);
    } else if (packet instanceof AckPacket a) {
      sendPath.onAck(a, rtt.srttNanos());
    } else if (packet instanceof HeartbeatPacket hb) {
      peerLoss = hb.rxLossRatio();
      if (hb.reply()) {
        long sample = now - hb.timestampNanos();
        if (sample >= 0) { // a reply echoing a timestamp from our future is not a measurement
          rtt.sample(sample);
          metrics.recordRtt(sample);
        }
      } else {
        writeControl(new HeartbeatPacket(sessionId, hb.timestampNanos(), true, rxLossPpm()));
      }
    } else if (packet instanceof ClosePacket) {
      terminate(SessionState.CLOSED, null);
    } else {
      packet.release();
    }
  }

  private void tick() {
    if (state != SessionState.OPEN) {
      return;
    }
    long now = ticker.nanoTime();
    if (now - lastHeardNanos > config.deadTimeout().toNanos()) {
      log.info(
          "peer silent, session dead: sessionId={} remote={} silentMs={}",
          sessionId,
          remote,
          TimeUnit.NANOSECONDS.toMillis(now - lastHeardNanos));
      terminate(SessionState.DEAD, CloseReason.TIMEOUT);
      return;
    }
    long nakDelay = nakDelayNanos();
    sendPath.tick(rtoNanos(fecWaitNanos(nakDelay)), progress.awaitedCoverage());
    if (now - lastAckSentNanos >= config.ackInterval().toNanos()) {
      sendAck(now);
    }
    if (now - lastHeartbeatNanos >= config.heartbeatInterval().toNanos()) {
      writeControl(new HeartbeatPacket(sessionId, now, false, rxLossPpm()));
      lastHeartbeatNanos = now;
    }
  }

  /** This side's receiver report for its heartbeats (the endpoint's loss window). */
  private int rxLossPpm() {
    return HeartbeatPacket.ppm(metrics.observedLoss());
  }

  private void sendAck(long now) {
    long nakDelay = nakDelayNanos();
    AckPacket ack =
        receivePath.ackIfDue(
            sessionId, now, nakDelay, fecWaitNanos(nakDelay), renakNanos(), codec.maxNakRanges());
    if (ack != null) {
      writeControl(ack);
      lastAckSentNanos = now;
    }
  }

  /** See {@link SessionConfig#nakDelay()}. */
  long nakDelayNanos() {
    if (!config.nakDelay().isZero()) {
      return config.nakDelay().toNanos();
    }
    return config.linger().toNanos()
        + config.ackInterval().toNanos()
        + Math.max(rtt.srttNanos() / 4, TimeUnit.MILLISECONDS.toNanos(1));
  }

  /**
   * Longest a gap waits for the widest FEC layer's repair before its first NAK (see {@link
   * NakTracker}): with the automatic NAK delay, one smoothed RTT (about what a retransmission would
   * take: waiting longer for FEC would not deliver sooner) plus the linger that may hold the
   * repair; with an explicit NAK delay, that delay (no extra wait).
   */
  long fecWaitNanos(long nakDelay) {
    if (!config.nakDelay().isZero()) {
      return nakDelay;
    }
    return Math.max(nakDelay, rtt.srttNanos() + config.linger().toNanos());
  }

  /** A NAKed packet needs a round trip to arrive: do not repeat the NAK sooner. */
  private long renakNanos() {
    return rtt.srttNanos() + 4 * rtt.rttVarNanos() + config.ackInterval().toNanos();
  }

  /** No ACK progress for this long although packets are outstanding: probe the tail. */
  private long rtoNanos(long nakDelay) {
    long v =
        nakDelay + 2 * rtt.srttNanos() + 4 * rtt.rttVarNanos() + 2 * config.ackInterval().toNanos();
    return Math.max(MIN_RTO_NANOS, v);
  }

  private void deliver(int streamId, long seq, ByteBuf payload) {
    StreamListener l = listener;
    if (l != null) {
      l.onData(this, streamId, seq, payload);
    }
  }

  // ---- Session API -----------------------------------------------------------------------

  @Override
  public long send(int streamId, ByteBuf payload) throws InterruptedException, TimeoutException {
    return send(streamId, payload, config.sendTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public long send(int streamId, ByteBuf payload, long timeout, TimeUnit unit)
      throws InterruptedException, TimeoutException {
    checkPayload(payload);
    if (loop.inEventLoop()) {
      // blocking here would stop the ACKs that free the window: never wait on the event loop
      timeout = 0;
    }
    if (!window.acquire(timeout, unit)) {
      throw new TimeoutException(
          "send window full: sessionId="
              + sessionId
              + " window="
              + window.capacity()
              + " timeoutMs="
              + unit.toMillis(timeout));
    }
    return enqueue(streamId, payload);
  }

  @Override
  public long trySend(int streamId, ByteBuf payload) {
    checkPayload(payload);
    if (!window.tryAcquire()) {
      return -1;
    }
    return enqueue(streamId, payload);
  }

  private void checkPayload(ByteBuf payload) {
    if (payload.readableBytes() > codec.maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "payload too large: bytes="
              + payload.readableBytes()
              + " max="
              + codec.maxPayloadBytes());
    }
  }

  /** Called holding one window slot; gives it back on failure. */
  private long enqueue(int streamId, ByteBuf payload) {
    long seq;
    synchronized (sendLock) {
      // CONNECTING is only visible to a server acceptor: its sends go out after the HELLO_ACK
      if (state.isFinal()) {
        window.release(1);
        throw new SessionClosedException(
            "session not open: sessionId=" + sessionId + " state=" + state);
      }
      seq = nextSeq++;
      submissions.add(
          new Submission(
              seq, codec.encodeData(channel.alloc(), sessionId, seq, streamId, payload)));
    }
    if (submitScheduled.compareAndSet(false, true)) {
      try {
        loop.execute(this::takeSubmissions);
      } catch (RejectedExecutionException e) {
        releaseSubmissions();
        throw new SessionClosedException("event loop stopped: sessionId=" + sessionId);
      }
    }
    return seq;
  }

  /** Moves queued sends to the send path in sequence order, then sends. Event loop only. */
  private void takeSubmissions() {
    submitScheduled.set(false);
    Submission s;
    while ((s = submissions.poll()) != null) {
      sendPath.accept(s.seq(), s.packet());
    }
    sendPath.drain();
  }

  private void releaseSubmissions() {
    Submission s;
    while ((s = submissions.poll()) != null) {
      s.packet().release();
    }
  }

  @Override
  public long sessionId() {
    return sessionId;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public SessionState state() {
    return state;
  }

  @Override
  public CompletableFuture<SessionState> terminated() {
    return terminated;
  }

  @Override
  public int maxPayloadBytes() {
    return codec.maxPayloadBytes();
  }

  @Override
  public SendProgress progress() {
    return progress;
  }

  @Override
  public Duration rtt() {
    return Duration.ofNanos(rtt.srttNanos());
  }

  @Override
  public double peerObservedLoss() {
    return peerLoss;
  }

  @Override
  public void close() {
    closeWith(SessionState.CLOSED, CloseReason.NORMAL);
  }

  /** Ends the session from any thread, waiting (bounded) for it to finish unless on the loop. */
  void closeWith(SessionState finalState, CloseReason reason) {
    if (loop.inEventLoop()) {
      terminate(finalState, reason);
      return;
    }
    try {
      loop.execute(() -> terminate(finalState, reason));
      terminated.get(5, TimeUnit.SECONDS);
    } catch (RejectedExecutionException | java.util.concurrent.ExecutionException e) {
      log.debug("close after event loop stopped: sessionId={}", sessionId, e);
    } catch (TimeoutException e) {
      log.warn("close timed out: sessionId={}", sessionId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Moves to a final state once: sends CLOSE if {@code reason} is non-null, fails senders and
   * waiters, releases every buffer, tells the listener. Event loop only.
   */
  void terminate(SessionState finalState, CloseReason reason) {
    if (state.isFinal()) {
      return;
    }
    SessionState previous = state;
    synchronized (sendLock) {
      state = finalState;
    }
    if (reason != null) {
      writeControl(new ClosePacket(sessionId, reason));
    }
    window.close(finalState.name());
    progress.fail(
        new SessionClosedException(
            "session ended: sessionId=" + sessionId + " state=" + finalState));
    if (tickTask != null) {
      tickTask.cancel(false);
    }
    sendPath.close();
    releaseSubmissions();
    receivePath.close();
    metrics.unregisterFecConfig(config.fec());
    metrics.unregisterFlight(flight);
    if (previous != SessionState.CONNECTING) {
      notifyState(finalState);
    }
    // the endpoint forgets the session before anyone waiting on terminated() looks at it
    onTerminated.accept(this);
    terminated.complete(finalState);
  }

  private void notifyState(SessionState s) {
    StreamListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onStateChange(this, s);
    } catch (RuntimeException e) {
      log.warn("stream listener failed on state change: sessionId={} state={}", sessionId, s, e);
    }
  }

  private void writeControl(Packet packet) {
    ByteBuf bytes = codec.encode(channel.alloc(), packet);
    channel.writeAndFlush(new DatagramPacket(bytes, remote));
  }

  // ---- Link ------------------------------------------------------------------------------

  @Override
  public Future<Void> writeTracked(ByteBuf datagram) {
    return channel.write(new DatagramPacket(datagram, remote));
  }

  @Override
  public int segmentOverheadBytes() {
    return segmentOverhead;
  }

  @Override
  public int maxSegments() {
    return segmentation ? SegmentGroups.MAX_SEGMENTS : 1;
  }

  /**
   * One {@link SegmentedDatagramPacket} over a composite of the datagrams (no copy). If the socket
   * refuses it, segmentation is off for the rest of the session (the datagrams are lost like any
   * refused send; NAKs repair that) rather than losing every later batch the same way.
   */
  @Override
  public Future<Void> writeSegmented(List<ByteBuf> datagrams) {
    int segmentSize = datagrams.get(0).readableBytes();
    CompositeByteBuf batch = channel.alloc().compositeDirectBuffer(datagrams.size());
    // takes ownership of every datagram, even if it throws (then they are released)
    batch.addComponents(true, datagrams);
    Future<Void> written = channel.write(new SegmentedDatagramPacket(batch, segmentSize, remote));
    written.addListener(
        f -> {
          if (!f.isSuccess()
              && segmentation
              && !(f.cause() instanceof java.nio.channels.ClosedChannelException)) {
            segmentation = false;
            log.warn(
                "segmented send refused, segmentation off: sessionId={} segments={} error={}",
                sessionId,
                datagrams.size(),
                f.cause().toString());
          }
        });
    return written;
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }
}
