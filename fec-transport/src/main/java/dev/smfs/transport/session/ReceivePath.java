package dev.smfs.transport.session;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.MalformedReason;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.FecDecoder;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.RepairRecipe;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming DATA of one session: FEC decoding, reorder buffer, in-order delivery, and the cumulative
 * ACK with NAK ranges sent back.
 *
 * <p>A packet counts as received whether it arrived or was recovered; duplicates and packets beyond
 * the reorder window are dropped (the sender retransmits what it must). Not thread-safe: confined
 * to the session's event loop.
 */
final class ReceivePath {
  private static final Logger log = LoggerFactory.getLogger(ReceivePath.class);

  /** Delivers one in-order packet; the payload is valid only during the call. */
  interface Deliverer {
    void deliver(int streamId, long seq, ByteBuf payload);
  }

  private final ReorderBuffer reorder;
  private final NakTracker naks;
  private final FecDecoder decoder;
  private final long forgetLag;
  private final int maxSymbolBytes;
  private final Deliverer deliverer;
  private final TransportMetrics metrics;
  private final PacketEventListener events;
  private final ReorderBuffer.Consumer drainer = this::deliverSymbol;
  private final LongPredicate receivedCheck;
  private boolean dataSinceAck;
  private boolean ackUrgent;
  private boolean closed;

  ReceivePath(
      FecParams fec,
      int maxSymbolBytes,
      int windowPackets,
      long initialSeq,
      Deliverer deliverer,
      TransportMetrics metrics,
      PacketEventListener events) {
    this.reorder = new ReorderBuffer(windowPackets, initialSeq);
    this.receivedCheck = reorder::received;
    this.naks = new NakTracker(windowPackets, initialSeq);
    int decoderWindow = Math.max(windowPackets, fec.r() * fec.maxInterleave());
    this.decoder = new FecDecoder(fec, maxSymbolBytes, decoderWindow, this::onRecovered);
    // A group of the widest layer spans r * I seqs: keep that much history below the delivery
    // point so a late repair can still rebuild a packet at or above it.
    this.forgetLag = (long) fec.r() * fec.maxInterleave();
    this.maxSymbolBytes = maxSymbolBytes;
    this.deliverer = deliverer;
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * @param packet ownership passes here
   */
  void onData(DataPacket packet, long nowNanos) {
    if (closed) {
      packet.release();
      return;
    }
    if (packet.symbol().readableBytes() > maxSymbolBytes) {
      // larger than the negotiated size: FEC cannot take it, so neither do we
      packet.release();
      metrics.countMalformed(MalformedReason.OVERSIZED);
      events.onMalformed(MalformedReason.OVERSIZED);
      return;
    }
    long seq = packet.seq();
    metrics.countPacketReceived();
    events.onDataReceived(seq);
    naks.onArrived(seq, reorder.next(), nowNanos);
    if (!reorder.received(seq)) {
      decoder.onData(seq, packet.symbol());
    }
    ReorderBuffer.Offer offer = reorder.offer(seq, packet.symbol());
    if (offer == ReorderBuffer.Offer.DUPLICATE) {
      // the sender may have missed our ACK: answer at the next tick
      ackUrgent = true;
    }
    dataSinceAck = true;
    deliver();
  }

  /**
   * @param packet ownership passes here
   */
  void onRepair(RepairPacket packet, long nowNanos) {
    if (closed) {
      packet.release();
      return;
    }
    RepairRecipe recipe;
    try {
      recipe = new RepairRecipe(packet.layer(), packet.firstSeq(), packet.stride(), packet.count());
    } catch (IllegalArgumentException e) {
      packet.release();
      metrics.countMalformed(MalformedReason.BAD_FIELD);
      events.onMalformed(MalformedReason.BAD_FIELD);
      return;
    }
    naks.onKnown(recipe.lastSeq(), reorder.next(), nowNanos);
    decoder.onRepair(recipe, packet.lengthXor(), packet.xor());
    deliver();
  }

  /** FEC sink: owns {@code symbol}. */
  private void onRecovered(long seq, ByteBuf symbol) {
    if (closed || symbol.readableBytes() < DataPacket.STREAM_ID_BYTES) {
      symbol.release();
      return;
    }
    metrics.countRecovered();
    metrics.countLost(1);
    events.onRecovered(seq);
    reorder.offer(seq, symbol);
  }

  private void deliver() {
    int drained = reorder.drain(drainer);
    if (drained > 0) {
      metrics.countDeliveredPackets(drained);
      decoder.forgetBelow(Math.max(0, reorder.next() - forgetLag));
    }
  }

  private void deliverSymbol(long seq, ByteBuf symbol) {
    int streamId = symbol.getInt(symbol.readerIndex());
    ByteBuf payload =
        symbol.slice(
            symbol.readerIndex() + DataPacket.STREAM_ID_BYTES,
            symbol.readableBytes() - DataPacket.STREAM_ID_BYTES);
    metrics.countDelivered(payload.readableBytes());
    try {
      deliverer.deliver(streamId, seq, payload);
    } catch (RuntimeException e) {
      log.warn("stream listener failed: seq={} streamId={}", seq, streamId, e);
    }
  }

  /** {@link #ackIfDue(long, long, long, long, long, int)} without waiting for wide FEC groups. */
  AckPacket ackIfDue(
      long sessionId, long nowNanos, long nakDelayNanos, long renakNanos, int maxRanges) {
    return ackIfDue(sessionId, nowNanos, nakDelayNanos, nakDelayNanos, renakNanos, maxRanges);
  }

  /**
   * The ACK to send now, or null if nothing changed since the last one and no gap is due for a NAK.
   * A gap is first NAKed after {@code nakDelayNanos} once the widest FEC group that holds it is
   * complete ({@link #fecSpan()} higher seqs known), or after {@code fecWaitNanos} anyway.
   */
  AckPacket ackIfDue(
      long sessionId,
      long nowNanos,
      long nakDelayNanos,
      long fecWaitNanos,
      long renakNanos,
      int maxRanges) {
    if (closed) {
      return null;
    }
    List<SeqRange> ranges =
        naks.naks(
            reorder.next(),
            receivedCheck,
            nowNanos,
            nakDelayNanos,
            forgetLag,
            Math.max(nakDelayNanos, fecWaitNanos),
            renakNanos,
            maxRanges);
    if (!dataSinceAck && !ackUrgent && ranges.isEmpty()) {
      return null;
    }
    dataSinceAck = false;
    ackUrgent = false;
    long firstNaks = naks.takeFirstNaks();
    if (firstNaks > 0) {
      metrics.countLost(firstNaks);
    }
    for (SeqRange r : ranges) {
      metrics.countNak();
      events.onNakSent(r.from(), r.to());
    }
    return new AckPacket(sessionId, reorder.next(), ranges);
  }

  /** Seqs spanned by a group of the widest FEC layer ({@code r * maxInterleave}). */
  long fecSpan() {
    return forgetLag;
  }

  /** Every seq below it was received or recovered (and delivered). */
  long cumulative() {
    return reorder.next();
  }

  void close() {
    closed = true;
    reorder.releaseAll();
  }
}
