package dev.smfs.transport.wan;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of the relay, as the inbound handler of its input channel: every datagram read goes
 * through the {@link Impairment}; due packets go out on the output channel, and a timer on the
 * event loop wakes the direction when the delay line's next packet is due.
 *
 * <p>Batching: with {@code UDP_GRO} a sender's segmented batch arrives with one {@code recvmsg} as
 * one buffer that the channel slices back into datagrams (each is still impaired on its own). Due
 * packets leave in groups: consecutive packets of equal size (the last may be shorter) are copied
 * into one buffer and sent as one segmented datagram (UDP GSO) of at most {@link #MAX_SEGMENTS}
 * packets and {@link #MAX_GROUP_BYTES} bytes, when the output channel supports it; otherwise one
 * datagram per packet, all flushed together ({@code sendmmsg} on epoll).
 *
 * <p>Timing: a datagram's arrival time is taken when the channel hands it over, so time spent in
 * the socket buffer adds to the emulated delay (as it did with the thread-per-direction relay);
 * releases run from event-loop timers (timerfd on epoll, so sub-millisecond precise without
 * spinning).
 *
 * <p>Thread-safety: confined to the emulator's event loop; {@link #requestRelease} may be called
 * from any thread.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  /** Largest UDP payload. */
  static final int MAX_DATAGRAM = 65_535;

  /** Most packets per segmented send: the kernel's UDP_MAX_SEGMENTS is 64 on older kernels. */
  static final int MAX_SEGMENTS = 64;

  /** Largest segmented send: the super-datagram must fit one UDP datagram (65,507 over IPv4). */
  static final int MAX_GROUP_BYTES = 65_000;

  /** Where a direction sends its packets. */
  interface Sink {
    /** The channel packets leave on (on the same event loop as the relay). */
    Channel channel();

    /** Where to send; null while there is nowhere to send (no client seen yet). */
    InetSocketAddress recipient();
  }

  /** Told the source of every datagram read (the upstream direction learns the client here). */
  interface SourceListener {
    void seen(InetSocketAddress source);
  }

  private final Direction direction;
  private final Impairment impairment;
  private final WanCounters counters;
  private final Sink sink;
  private final SourceListener sources;
  private final boolean segmentation;
  private EventLoop loop;

  /** Release time the earliest armed timer fires at; {@link Long#MAX_VALUE} if none is armed. */
  private long timerDue = Long.MAX_VALUE;

  private volatile boolean stopped;

  /** The group being built by {@link #sendReady}: one buffer of packets, owned here. */
  private ByteBuf group;

  private int groupSegment;
  private int groupCount;

  /**
   * @param segmentation whether the output channel takes {@link SegmentedDatagramPacket}s
   */
  Relay(
      Direction direction,
      Impairment impairment,
      WanCounters counters,
      Sink sink,
      SourceListener sources,
      boolean segmentation) {
    this.direction = direction;
    this.impairment = impairment;
    this.counters = counters;
    this.sink = sink;
    this.sources = sources;
    this.segmentation = segmentation;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    loop = ctx.channel().eventLoop();
  }

  /** Takes ownership of {@code msg} (a {@link DatagramPacket}) and releases it. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket datagram)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    try {
      long now = System.nanoTime();
      sources.seen(datagram.sender());
      ByteBuf content = datagram.content();
      int length = content.readableBytes();
      Packet p = impairment.acquire(length);
      p.buffer.clear().limit(length);
      content.getBytes(content.readerIndex(), p.buffer);
      impairment.offer(p, now);
    } finally {
      datagram.release();
    }
  }

  /** After each read batch: send what is due and arm the timer for the rest. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!stopped) {
      sendReady(System.nanoTime());
      counters.signalIfAwaited(); // received (and maybe held or dropped) something
      arm();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      return; // an ICMP error for an earlier send; the datagram path itself is fine
    }
    log.warn("wan-emu direction={} read failed: {}", direction, cause.toString());
  }

  /** Asks for every held packet to be forwarded, in order, without loss or delay. */
  void requestRelease() {
    loop.execute(
        () -> {
          impairment.releaseHeld();
          sendReadyAndArm();
        });
  }

  /** Stops sending; packets still in the delay line are discarded with the channels. */
  void stop() {
    stopped = true;
  }

  /** Sends what may go now (if the output channel takes it) and arms the next release. */
  void sendReadyAndArm() {
    if (stopped) {
      return;
    }
    int sent = sendReady(System.nanoTime());
    if (sent > 0) {
      counters.signalIfAwaited();
    }
    arm();
  }

  private void arm() {
    if (!impairment.hasScheduled()) {
      return;
    }
    long next = impairment.nextReleaseNanos();
    if (next >= timerDue) {
      return; // an armed timer fires first and re-arms
    }
    timerDue = next;
    long delay = Math.max(0, next - System.nanoTime());
    loop.schedule(() -> onTimer(next), delay, TimeUnit.NANOSECONDS);
  }

  private void onTimer(long due) {
    if (due == timerDue) {
      timerDue = Long.MAX_VALUE;
    }
    sendReadyAndArm();
  }

  /** Released held packets first, then due packets; returns how many were handed on. */
  private int sendReady(long now) {
    Channel out = sink.channel();
    if (!out.isWritable()) {
      return 0; // the output's writability change calls back (see WanEmulator)
    }
    InetSocketAddress to = sink.recipient();
    int sent = 0;
    Packet p;
    while ((p = impairment.pollReleased()) != null) {
      sent += forward(out, to, p, false);
    }
    while ((p = impairment.pollDue(now)) != null) {
      sent += forward(out, to, p, true);
      if (!out.isWritable()) {
        break;
      }
    }
    emitGroup(out, to);
    if (sent > 0) {
      out.flush();
    }
    return sent;
  }

  /** Copies {@code p} into the current group (or drops it if unroutable) and finishes it. */
  private int forward(Channel out, InetSocketAddress to, Packet p, boolean fromLine) {
    if (to == null) {
      counters.droppedUnroutable();
      impairment.finish(p, fromLine, false);
      return 0;
    }
    int length = p.length;
    if (group != null
        && (length > groupSegment
            || groupCount == MAX_SEGMENTS
            || group.readableBytes() + length > MAX_GROUP_BYTES
            || !segmentation)) {
      emitGroup(out, to);
    }
    if (group == null) {
      int capacity = segmentation ? Math.min(MAX_GROUP_BYTES, length * MAX_SEGMENTS) : length;
      group = out.alloc().directBuffer(Math.max(capacity, length));
      groupSegment = length;
      groupCount = 0;
    }
    group.writeBytes(p.datagram());
    groupCount++;
    // counted as forwarded when handed to the channel; a refused send is counted as a send error
    impairment.finish(p, fromLine, true);
    if (length < groupSegment) {
      emitGroup(out, to); // a shorter packet can only be a group's last segment
    }
    return 1;
  }

  /** Writes the current group (ownership passes to the channel). */
  private void emitGroup(Channel out, InetSocketAddress to) {
    if (group == null) {
      return;
    }
    ByteBuf b = group;
    group = null;
    DatagramPacket datagram =
        groupCount > 1
            ? new SegmentedDatagramPacket(b, groupSegment, to)
            : new DatagramPacket(b, to);
    int count = groupCount;
    ChannelFuture f = out.write(datagram);
    f.addListener(
        w -> {
          if (!w.isSuccess() && !stopped) {
            // E.g. ICMP port unreachable on a connected socket: the packets are gone.
            for (int i = 0; i < count; i++) {
              counters.sendError();
            }
          }
        });
  }
}
