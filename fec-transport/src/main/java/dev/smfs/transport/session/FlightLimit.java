package dev.smfs.transport.session;

/**
 * How many DATA packets a sender may keep unacknowledged: twice what the path delivers in one round
 * trip, as measured, plus a fixed headroom; never below a floor (the fixed limit of earlier
 * versions) and never above a ceiling: what the peer's receive socket holds, at most the window.
 *
 * <p>Why: a fixed limit either caps long links (4096 packets of 1400 bytes per 100 ms round trip is
 * about 460 Mbit/s) or, when raised, lets the sender run ahead of a receiver that drains more
 * slowly than the pacing rate; the excess queues in the receiver's socket buffer until the kernel
 * drops bursts no repair covers (network-sync had acknowledged those writes). The ceiling is what
 * makes that impossible: all the packets in flight fit in the receiver's socket even if it stops
 * reading. Between floor and ceiling the limit follows the path, so that a slow receiver does not
 * sit behind a ceiling's worth of queue (latency for remote-sync, whose writes wait for it).
 *
 * <p>Why twice the measured product: the traffic is bursty (writers block on their own
 * acknowledgements, so the rate of one round is an average over bursts and pauses) and the
 * receiver's acknowledgements come late whenever it pauses. With the product alone plus 2048, the
 * primary's shipper waited for the window 20-34% of the time at 800 Mbit/s on a 50 ms round trip
 * (the mirror's queue averaged 3.4 MB); with twice the product, 3-5% (2026-11-22). BBR sizes its
 * congestion window the same way, for the same reasons.
 *
 * <ul>
 *   <li>Round-trip time: the minimum, over the session, of send-to-cumulative-ACK times of packets
 *       sent once (Karn: a retransmitted packet's time is ambiguous). Never raised: a sample taken
 *       with packets queued in front of the receiver would let the limit, and then the queue, grow
 *       round after round.
 *   <li>Delivery rate: packets acknowledged per round (a round lasts at least the minimum RTT),
 *       over the longer of the round's ACK span and the span over which those packets were first
 *       sent: after a stall (a loss waiting for its retransmission) the cumulative ACK jumps over
 *       packets sent long before, and the ACK span alone would report a burst the receiver never
 *       sustained. The median of the last {@link #RATE_ROUNDS} rounds counts: one round's burst or
 *       pause does not move the limit.
 *   <li>Limit: {@code GAIN x rate x minRtt + floor / 2}, clamped to [floor, ceiling]. When the
 *       limit itself caps the rate, each round delivers about the limit, so the limit can double
 *       per round until the pacing, the receiver or the ceiling caps it. A receiver slower than the
 *       pacing has at most one bandwidth-delay product plus half the floor queued in front of it.
 * </ul>
 *
 * <p>Not thread-safe: confined to the session's event loop (the metrics gauge only reads {@link
 * #limit} and {@link #ceiling}). The send window applies the limit.
 */
final class FlightLimit {

  /** The measured bandwidth-delay product is multiplied by this (see the class doc). */
  static final int GAIN = 2;

  /** Rounds the delivery-rate median looks back over. */
  static final int RATE_ROUNDS = 10;

  private final int floor;
  private final int ceiling;
  private final double[] roundRates = new double[RATE_ROUNDS]; // packets per nanosecond
  private final double[] sorted = new double[RATE_ROUNDS];
  private int nextRound;
  private int rounds; // rounds measured, at most RATE_ROUNDS
  private long minRttNanos = Long.MAX_VALUE;
  private long delivered;
  private long roundStartNanos;
  private long roundStartSentNanos;
  private long roundStartDelivered;
  private boolean roundStarted;
  private volatile int limit; // read by the metrics gauge

  /**
   * @param floor the limit with no measurements, and its lowest value
   * @param ceiling its highest value (at most the window: the retransmit and reorder buffers' size)
   */
  FlightLimit(int floor, int ceiling) {
    if (floor < 1 || ceiling < floor) {
      throw new IllegalArgumentException("floor=" + floor + " ceiling=" + ceiling);
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.limit = floor;
  }

  /**
   * The limit for a session: floor {@link SessionConfig#FLIGHT_FLOOR_PACKETS} (or the window if
   * smaller); ceiling the DATA share of what the peer's receive socket holds (repairs take the
   * rest: c of every r + c datagrams), at most the window, at least the floor. A peer that did not
   * state its capacity gets the floor as ceiling: the fixed limit of earlier versions.
   *
   * @param peerReceiveCapacity datagrams the peer's receive socket holds, 0 if unknown
   */
  static FlightLimit forSession(SessionConfig config, int peerReceiveCapacity) {
    int window = config.windowPackets();
    int floor = Math.min(window, SessionConfig.FLIGHT_FLOOR_PACKETS);
    int ceiling = floor;
    if (peerReceiveCapacity > 0) {
      ceiling = (int) Math.max(floor, Math.min(window, dataShare(config, peerReceiveCapacity)));
    }
    return new FlightLimit(floor, ceiling);
  }

  /** DATA packets among {@code datagrams}: r of every r + c, the rest are repairs. */
  static long dataShare(SessionConfig config, int datagrams) {
    int r = config.fec().r();
    return (long) datagrams * r / (r + config.fec().c());
  }

  /** A send-to-ACK time of a packet sent once. */
  void onRttSample(long rttNanos) {
    if (rttNanos > 0 && rttNanos < minRttNanos) {
      minRttNanos = rttNanos;
    }
  }

  /**
   * Packets newly acknowledged (cumulatively) at {@code nowNanos}.
   *
   * @param sentNanos when the highest of them was first sent ({@link Long#MIN_VALUE} if unknown)
   * @return the limit after this acknowledgement
   */
  int onAcked(int packets, long sentNanos, long nowNanos) {
    delivered += packets;
    if (!roundStarted) {
      startRound(sentNanos, nowNanos);
      return limit;
    }
    long elapsed = nowNanos - roundStartNanos;
    if (minRttNanos == Long.MAX_VALUE || elapsed < minRttNanos) {
      return limit;
    }
    if (sentNanos != Long.MIN_VALUE && roundStartSentNanos != Long.MIN_VALUE) {
      elapsed = Math.max(elapsed, sentNanos - roundStartSentNanos);
    }
    roundRates[nextRound] = (double) (delivered - roundStartDelivered) / elapsed;
    nextRound = (nextRound + 1) % RATE_ROUNDS;
    rounds = Math.min(RATE_ROUNDS, rounds + 1);
    startRound(sentNanos, nowNanos);
    double rate = medianRate();
    double target = GAIN * rate * minRttNanos + floor / 2;
    limit = (int) Math.max(floor, Math.min(ceiling, Math.ceil(target)));
    return limit;
  }

  /** The median of the measured rounds' rates (the mean of the middle two for an even count). */
  private double medianRate() {
    System.arraycopy(roundRates, 0, sorted, 0, RATE_ROUNDS);
    // unmeasured slots are the lowest rounds' zeros until RATE_ROUNDS rounds were measured
    java.util.Arrays.sort(sorted, 0, RATE_ROUNDS);
    int from = RATE_ROUNDS - rounds;
    int mid = from + rounds / 2;
    return rounds % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private void startRound(long sentNanos, long nowNanos) {
    roundStarted = true;
    roundStartNanos = nowNanos;
    roundStartSentNanos = sentNanos;
    roundStartDelivered = delivered;
  }

  int limit() {
    return limit;
  }

  /** The minimum send-to-ACK time seen, or -1 before the first sample. */
  long minRttNanos() {
    return minRttNanos == Long.MAX_VALUE ? -1 : minRttNanos;
  }

  int floor() {
    return floor;
  }

  int ceiling() {
    return ceiling;
  }
}
