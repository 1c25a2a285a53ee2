package dev.smfs.transport.session;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.LayeredEncoder;
import dev.smfs.transport.fec.RepairRecipe;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Outgoing DATA of one session: retransmit buffer, FEC encoder, pacing queue, ACK/NAK handling and
 * tail-loss probes.
 *
 * <p>Order on the wire: first transmissions go in sequence order and each is fed to the encoder as
 * it goes; the repairs it completes are queued at the head so they follow that data packet at once.
 * Retransmissions join the tail. The queue is bounded by the window: at most one DATA item and one
 * retransmission per unacknowledged packet, plus the repairs they produce.
 *
 * <p>Not thread-safe: confined to the session's event loop.
 */
final class SendPath {

  /** Most unacknowledged packets one tail-loss probe retransmits. */
  static final int PROBE_PACKETS = 32;

  private sealed interface Outgoing permits Data, Retransmit, Repair {}

  private record Data(long seq) implements Outgoing {}

  private record Retransmit(long seq) implements Outgoing {}

  /** An encoded REPAIR; the queue owns {@code packet}. */
  private record Repair(RepairRecipe recipe, ByteBuf packet) implements Outgoing {}

  private final long sessionId;
  private final PacketCodec codec;
  private final Link link;
  private final SendWindow window;
  private final RetransmitBuffer retransmit;
  private final ProgressTracker progress;
  private final LayeredEncoder encoder;
  private final TokenBucket bucket;
  private final Clock clock;
  private final Scheduler scheduler;
  private final TransportMetrics metrics;
  private final PacketEventListener events;
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();

  /** One past the highest seq transmitted for the first time. */
  private long transmitted;

  private long lastAckProgressNanos;
  private long lastProbeNanos = Long.MIN_VALUE;
  private boolean drainScheduled;
  private boolean closed;

  /** Schedules a deferred drain on the event loop. */
  interface Scheduler {
    void schedule(Runnable task, long delayNanos);
  }

  /** Monotonic time source, injectable for tests. */
  interface Clock {
    long nanoTime();
  }

  SendPath(
      long sessionId,
      PacketCodec codec,
      Link link,
      SendWindow window,
      ProgressTracker progress,
      SessionConfig config,
      long initialSeq,
      Clock clock,
      Scheduler scheduler,
      TransportMetrics metrics,
      PacketEventListener events) {
    this.sessionId = sessionId;
    this.codec = codec;
    this.link = link;
    this.window = window;
    this.progress = progress;
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.events = events;
    this.retransmit = new RetransmitBuffer(config.windowPackets(), initialSeq);
    this.encoder = new LayeredEncoder(config.fec(), codec.maxSymbolBytes(), this::onRepair);
    this.encoder.setLingerNanos(config.linger().toNanos());
    long bytesPerSecond = config.rateBitsPerSecond() / 8;
    this.bucket =
        bytesPerSecond == 0
            ? null
            : new TokenBucket(
                bytesPerSecond,
                Math.max(4 * codec.maxPacketBytes(), (int) Math.min(1 << 20, bytesPerSecond / 500)),
                clock.nanoTime());
    this.transmitted = initialSeq;
    this.lastAckProgressNanos = clock.nanoTime();
  }

  /**
   * A new DATA packet (the next seq) from {@code Session.send}.
   *
   * @param packet encoded DATA; ownership passes here
   */
  void submit(long seq, ByteBuf packet) {
    accept(seq, packet);
    drain();
  }

  /** As {@link #submit} without draining: for batches, followed by one {@link #drain()}. */
  void accept(long seq, ByteBuf packet) {
    if (closed) {
      packet.release();
      return;
    }
    retransmit.put(seq, packet);
    queue.addLast(new Data(seq));
  }

  /** An ACK from the peer for this side's DATA. */
  void onAck(AckPacket ack, long srttNanos) {
    long now = clock.nanoTime();
    long cumulative = Math.min(ack.cumulativeSeq(), transmitted);
    if (cumulative > retransmit.base()) {
      window.release(retransmit.releaseBelow(cumulative));
      progress.onAcked(cumulative);
      lastAckProgressNanos = now;
    }
    long minGap = srttNanos / 2;
    for (SeqRange nak : ack.naks()) {
      long to = Math.min(nak.to(), transmitted);
      for (long seq = Math.max(nak.from(), retransmit.base()); seq < to; seq++) {
        if (retransmit.claimRetransmit(seq, now, minGap)) {
          queue.addLast(new Retransmit(seq));
        }
      }
    }
    events.onAckReceived(ack.cumulativeSeq(), ack.naks().size());
    drain();
  }

  /**
   * Periodic work: linger-flush FEC groups, and probe for tail loss when nothing was acknowledged
   * for {@code rtoNanos} although packets are outstanding.
   */
  void tick(long rtoNanos) {
    if (closed) {
      return;
    }
    long now = clock.nanoTime();
    encoder.flushLingering(now);
    long base = retransmit.base();
    if (base < transmitted
        && now - lastAckProgressNanos >= rtoNanos
        && now - retransmit.lastSentNanos(base) >= rtoNanos
        && (lastProbeNanos == Long.MIN_VALUE || now - lastProbeNanos >= rtoNanos)) {
      lastProbeNanos = now;
      long end = Math.min(transmitted, base + PROBE_PACKETS);
      for (long seq = base; seq < end; seq++) {
        if (retransmit.claimRetransmit(seq, now, rtoNanos)) {
          queue.addLast(new Retransmit(seq));
        }
      }
    }
    drain();
  }

  /** Sends what the pacer allows now; schedules itself for the rest. */
  void drain() {
    if (closed) {
      return;
    }
    long now = clock.nanoTime();
    boolean wrote = false;
    while (!queue.isEmpty()) {
      Outgoing next = queue.peekFirst();
      int bytes = bytesOf(next);
      if (bytes < 0) {
        queue.pollFirst(); // acknowledged meanwhile
        continue;
      }
      if (bucket != null && !bucket.tryConsume(bytes, now)) {
        if (!drainScheduled) {
          drainScheduled = true;
          scheduler.schedule(this::scheduledDrain, bucket.nanosUntil(bytes, now));
        }
        break;
      }
      queue.pollFirst();
      transmit(next, now);
      wrote = true;
    }
    if (wrote) {
      link.flush();
    }
  }

  private void scheduledDrain() {
    drainScheduled = false;
    drain();
  }

  private int bytesOf(Outgoing o) {
    if (o instanceof Repair r) {
      return r.packet().readableBytes();
    }
    long seq = o instanceof Data d ? d.seq() : ((Retransmit) o).seq();
    ByteBuf packet = retransmit.get(seq);
    return packet == null ? -1 : packet.readableBytes();
  }

  private void transmit(Outgoing o, long now) {
    if (o instanceof Data d) {
      long seq = d.seq();
      ByteBuf packet = retransmit.get(seq);
      retransmit.markSent(seq, now);
      progress.onSubmitted(seq);
      transmitted = seq + 1;
      link.write(packet.retainedDuplicate())
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  progress.onWired(seq);
                  events.onDataWired(seq);
                }
              });
      metrics.countPacketSent();
      encoder.onData(seq, PacketCodec.symbolOf(packet), now);
    } else if (o instanceof Retransmit r) {
      long seq = r.seq();
      ByteBuf packet = retransmit.get(seq);
      retransmit.markSent(seq, now);
      link.write(packet.retainedDuplicate())
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  progress.onWired(seq);
                }
              });
      metrics.countRetransmit();
      events.onRetransmit(seq);
    } else {
      Repair rp = (Repair) o;
      link.write(rp.packet())
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  progress.onRepairWired(rp.recipe());
                  metrics.countRepairSent();
                  events.onRepairWired(rp.recipe());
                }
              });
    }
  }

  /** Encoder sink: owns {@code xor}. */
  private void onRepair(RepairRecipe recipe, int lengthXor, ByteBuf xor) {
    ByteBuf packet;
    try {
      packet =
          codec.encode(
              link.alloc(),
              new RepairPacket(
                  sessionId,
                  recipe.layer(),
                  recipe.firstSeq(),
                  recipe.stride(),
                  recipe.count(),
                  lengthXor,
                  xor));
    } finally {
      xor.release();
    }
    if (closed) {
      packet.release();
      return;
    }
    queue.addFirst(new Repair(recipe, packet));
  }

  /** Stops sending and releases every buffer held. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Outgoing o : queue) {
      if (o instanceof Repair r) {
        r.packet().release();
      }
    }
    queue.clear();
    retransmit.releaseAll();
  }

  /** Unacknowledged packets held for retransmission. */
  int unacknowledged() {
    return retransmit.size();
  }

  int queued() {
    return queue.size();
  }
}
