package dev.smfs.transport.session;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.LayeredEncoder;
import dev.smfs.transport.fec.RepairRecipe;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Outgoing DATA of one session: retransmit buffer, FEC encoder, pacing queue, ACK/NAK handling and
 * tail-loss probes.
 *
 * <p>Order on the wire: first transmissions go in sequence order and each is fed to the encoder as
 * it goes; the repairs it completes are queued at the head so they follow that data packet in the
 * same drain pass (right after it without segmentation offload; after the pass's DATA of the same
 * size with it, see {@link SegmentGroups}). Retransmissions join the tail. The queue is bounded by
 * the window: at most one DATA item and one retransmission per unacknowledged packet, plus the
 * repairs they produce.
 *
 * <p>Not thread-safe: confined to the session's event loop.
 */
final class SendPath {

  /** Most unacknowledged packets one tail-loss probe retransmits. */
  static final int PROBE_PACKETS = 32;

  /**
   * Packets a paced drain waits to send together (see {@link #drainDelayNanos}). 32, not 16: with
   * segmented writes a drain costs about one wake-up and a system call however many packets it
   * sends, so at 1.5 Gbit/s waking every 250 us instead of every 130 us cut the client's and the
   * emulator's CPU per packet by about 10% (2026-11-22, alternating runs).
   */
  static final int DRAIN_BATCH_PACKETS = 32;

  /** Longest a paced drain waits for its batch beyond the head packet's tokens. */
  static final long DRAIN_BATCH_MAX_NANOS = 250_000;

  private sealed interface Outgoing permits Data, Retransmit, Repair {}

  private record Data(long seq) implements Outgoing {}

  private record Retransmit(long seq) implements Outgoing {}

  /** An encoded REPAIR; the queue owns {@code packet}. */
  private record Repair(RepairRecipe recipe, ByteBuf packet) implements Outgoing {}

  private final long sessionId;
  private final PacketCodec codec;
  private final Link link;
  private final SendWindow window;
  private final FlightLimit flight;
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

  /** When the last first transmission of DATA went out. */
  private long lastDataNanos;

  private final long lingerNanos;
  private long lastProbeNanos = Long.MIN_VALUE;

  /** Items transmitted in the current drain pass, in transmission order. */
  private final List<Outgoing> passItems = new ArrayList<>();

  /** Their datagrams, written by {@link #finishPass} (owned here until then). */
  private final List<ByteBuf> passDatagrams = new ArrayList<>();

  private int[] passSizes = new int[64];
  private boolean[] passTrailing = new boolean[64]; // REPAIRs: written after the pass's DATA
  private final SegmentGroups groups = new SegmentGroups();

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
      FlightLimit flight,
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
    this.flight = flight;
    this.progress = progress;
    this.clock = clock;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.events = events;
    this.retransmit = new RetransmitBuffer(config.windowPackets(), initialSeq);
    this.encoder = new LayeredEncoder(config.fec(), codec.maxSymbolBytes(), this::onRepair);
    this.lingerNanos = config.linger().toNanos();
    this.encoder.setLingerNanos(lingerNanos);
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
      long rttSample = retransmit.rttSample(cumulative - 1, now);
      long sentNanos = retransmit.firstSentNanos(cumulative - 1);
      int released = retransmit.releaseBelow(cumulative);
      if (rttSample > 0) {
        flight.onRttSample(rttSample);
      }
      int limit = flight.limit();
      if (flight.onAcked(released, sentNanos, now) != limit) {
        window.setCapacity(flight.limit());
      }
      window.release(released);
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
   *
   * <p>Demand-driven linger: partially filled groups older than the linger are flushed only when
   * someone waits for coverage, and then only in the {@code awaitedCoverage} narrowest layers (a
   * waiter for k repairs needs k layers), or when the stream paused for a linger (the tail of a
   * burst must not stay unprotected: every layer). Under steady traffic with nobody waiting, groups
   * fill up and repairs cost c/r of the data; flushing them every linger instead would send about
   * one repair per packet for the widest layers at moderate rates (e.g. interleave 100 at 9,000
   * packets/s gets one packet per sub-stream per 11 ms).
   *
   * @param awaitedCoverage the largest k of a pending {@link SendProgress.Stage#COVERED} waiter, 0
   *     if none
   */
  void tick(long rtoNanos, int awaitedCoverage) {
    if (closed) {
      return;
    }
    long now = clock.nanoTime();
    if (now - lastDataNanos >= lingerNanos) {
      encoder.flushLingering(now);
    } else if (awaitedCoverage > 0) {
      encoder.flushLingering(now, Math.min(awaitedCoverage, encoder.params().c()));
    }
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

  /**
   * Sends what the pacer allows now; schedules itself for the rest. One pass flushes once, so the
   * channel hands the whole pass to the kernel in one {@code sendmmsg}.
   */
  void drain() {
    if (closed) {
      return;
    }
    long now = clock.nanoTime();
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
          scheduler.schedule(this::scheduledDrain, drainDelayNanos(bytes, now));
        }
        break;
      }
      queue.pollFirst();
      transmit(next, now);
    }
    finishPass();
  }

  /**
   * When to drain next: when the head packet may go, but not before a batch of {@link
   * #DRAIN_BATCH_PACKETS} could go unless that takes longer than {@link #DRAIN_BATCH_MAX_NANOS}.
   * Waking per packet would cost an event-loop wake-up and a system call per packet at high rates;
   * the batch wait never exceeds the bucket (it holds the burst), so no rate is lost.
   */
  long drainDelayNanos(int headBytes, long now) {
    long head = bucket.nanosUntil(headBytes, now);
    long batch = bucket.nanosUntil(DRAIN_BATCH_PACKETS * codec.maxPacketBytes(), now);
    return Math.max(head, Math.min(batch, DRAIN_BATCH_MAX_NANOS));
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

  /** Transmits one item: its datagram joins the pass, written by {@link #finishPass}. */
  private void transmit(Outgoing o, long now) {
    ByteBuf datagram;
    if (o instanceof Data d) {
      long seq = d.seq();
      ByteBuf packet = retransmit.get(seq);
      retransmit.markSent(seq, now);
      progress.onSubmitted(seq);
      transmitted = seq + 1;
      lastDataNanos = now;
      datagram = packet.retainedDuplicate();
      metrics.countPacketSent();
      // before the write: the symbol is a view of the retransmit buffer's packet, which an
      // encoder sink (repair) never touches
      encoder.onData(seq, PacketCodec.symbolOf(packet), now);
    } else if (o instanceof Retransmit r) {
      long seq = r.seq();
      ByteBuf packet = retransmit.get(seq);
      retransmit.markSent(seq, now);
      datagram = packet.retainedDuplicate();
      metrics.countRetransmit();
      events.onRetransmit(seq);
    } else {
      datagram = ((Repair) o).packet();
    }
    int n = passItems.size();
    if (n == passSizes.length) {
      passSizes = java.util.Arrays.copyOf(passSizes, 2 * n);
      passTrailing = java.util.Arrays.copyOf(passTrailing, 2 * n);
    }
    passSizes[n] = datagram.readableBytes();
    passTrailing[n] = o instanceof Repair;
    passItems.add(o);
    passDatagrams.add(datagram);
  }

  /**
   * Writes the pass, grouped by {@link SegmentGroups} into as few socket writes as the link's
   * segmentation allows, and flushes: the channel hands the writes to the kernel in one {@code
   * sendmmsg}. Each write is tracked on its own, so an item counts as wired exactly when the write
   * carrying its datagram was accepted by the socket; a refused write is a loss like any other,
   * which NAKs and retransmissions repair.
   */
  private void finishPass() {
    int n = passItems.size();
    if (n == 0) {
      return;
    }
    int count =
        groups.group(passSizes, passTrailing, n, link.maxSegments(), link.segmentOverheadBytes());
    if (count == n) {
      // no two datagrams share a write: keep the pass order without per-group lists
      for (int i = 0; i < n; i++) {
        writeGroup(List.of(passItems.get(i)), List.of(passDatagrams.get(i)));
      }
    } else {
      List<List<Outgoing>> items = new ArrayList<>(count);
      List<List<ByteBuf>> datagrams = new ArrayList<>(count);
      for (int g = 0; g < count; g++) {
        items.add(new ArrayList<>(groups.count(g)));
        datagrams.add(new ArrayList<>(groups.count(g)));
      }
      for (int i = 0; i < n; i++) {
        int g = groups.groupOf(i);
        items.get(g).add(passItems.get(i));
        datagrams.get(g).add(passDatagrams.get(i));
      }
      for (int g = 0; g < count; g++) {
        writeGroup(items.get(g), datagrams.get(g));
      }
    }
    passItems.clear();
    passDatagrams.clear();
    link.flush();
  }

  /** One socket write: ownership of {@code datagrams} passes to the link. */
  private void writeGroup(List<Outgoing> items, List<ByteBuf> datagrams) {
    Future<Void> written =
        datagrams.size() == 1
            ? link.writeTracked(datagrams.get(0))
            : link.writeSegmented(datagrams);
    written.addListener(
        f -> {
          if (f.isSuccess()) {
            for (int i = 0; i < items.size(); i++) {
              onWired(items.get(i));
            }
            progress.advance();
          }
        });
  }

  private void onWired(Outgoing o) {
    if (o instanceof Data d) {
      progress.markWired(d.seq());
      events.onDataWired(d.seq());
    } else if (o instanceof Retransmit r) {
      progress.markWired(r.seq());
    } else {
      RepairRecipe recipe = ((Repair) o).recipe();
      progress.markRepairWired(recipe);
      metrics.countRepairSent();
      events.onRepairWired(recipe);
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
    for (ByteBuf b : passDatagrams) {
      b.release();
    }
    passDatagrams.clear();
    passItems.clear();
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
}
