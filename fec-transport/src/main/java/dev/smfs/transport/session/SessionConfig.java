package dev.smfs.transport.session;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.fec.FecParams;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of one transport endpoint and of the sessions it runs. Validated on construction;
 * {@link #defaults()} gives the production defaults.
 *
 * @param maxPacketBytes largest UDP datagram sent or accepted (header, body and CRC included); a
 *     session uses the smaller of both peers' values. DATA payloads are at most {@code
 *     maxPacketBytes - 40} so that a REPAIR over full symbols also fits.
 * @param windowPackets retransmit buffer size and the receiver's reorder buffer size; at least
 *     {@code r * max(I)} so a full group of the widest FEC layer fits. A sender keeps at most this
 *     many DATA packets unacknowledged, fewer while the measured bandwidth-delay product is smaller
 *     (see {@link FlightLimit}, floor {@link #FLIGHT_FLOOR_PACKETS}).
 * @param rateBitsPerSecond pacing rate of DATA, REPAIR and retransmitted packets (token bucket); 0
 *     disables pacing
 * @param linger how long a partially filled FEC group waits before its repair is sent anyway, when
 *     someone awaits coverage or the stream paused (see {@code SendPath.tick}); under steady
 *     traffic with nobody waiting, groups fill up
 * @param ackInterval how often the receiver sends a cumulative ACK with NAK ranges
 * @param nakDelay how long a gap must persist before it is NAKed; {@link Duration#ZERO} means
 *     automatic: {@code linger + ackInterval + max(srtt/4, 1 ms)}, i.e. FEC gets the time the
 *     encoder needs to flush the gap's repair groups plus slack for reordering and jitter; in
 *     automatic mode a gap's first NAK also waits until {@code r * max(I)} later seqs are known
 *     (the widest FEC group holding it was complete at the sender, so its repair is in flight), at
 *     most {@code srtt + linger} (about what a retransmission would take)
 * @param heartbeatInterval how often a HEARTBEAT measures the round-trip time
 * @param deadTimeout silence from the peer after which the session is DEAD
 * @param connectTimeout how long a client retries HELLO before giving up
 * @param sendTimeout how long {@code Session.send} without explicit timeout blocks on a full window
 * @param fec FEC parameters the client proposes (the server adopts the client's)
 */
public record SessionConfig(
    int maxPacketBytes,
    int windowPackets,
    long rateBitsPerSecond,
    Duration linger,
    Duration ackInterval,
    Duration nakDelay,
    Duration heartbeatInterval,
    Duration deadTimeout,
    Duration connectTimeout,
    Duration sendTimeout,
    FecParams fec) {

  /** Largest window: bounds retransmit and reorder memory to about 90 MB at 64 KiB packets. */
  public static final int MAX_WINDOW_PACKETS = 1 << 20;

  public SessionConfig {
    Objects.requireNonNull(fec, "fec");
    if (maxPacketBytes < PacketCodec.MIN_MAX_PACKET_BYTES || maxPacketBytes > 65_507) {
      throw new IllegalArgumentException("maxPacketBytes out of range: " + maxPacketBytes);
    }
    int minWindow = fec.r() * fec.maxInterleave();
    if (windowPackets < minWindow || windowPackets > MAX_WINDOW_PACKETS) {
      throw new IllegalArgumentException(
          "windowPackets out of range: windowPackets="
              + windowPackets
              + " min="
              + minWindow
              + " max="
              + MAX_WINDOW_PACKETS);
    }
    if (rateBitsPerSecond < 0) {
      throw new IllegalArgumentException("rateBitsPerSecond negative: " + rateBitsPerSecond);
    }
    requireNonNegative("linger", linger);
    requirePositive("ackInterval", ackInterval);
    requireNonNegative("nakDelay", nakDelay);
    requirePositive("heartbeatInterval", heartbeatInterval);
    requirePositive("deadTimeout", deadTimeout);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("sendTimeout", sendTimeout);
    if (deadTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "deadTimeout must be at least two heartbeats: deadTimeout="
              + deadTimeout
              + " heartbeatInterval="
              + heartbeatInterval);
    }
  }

  /**
   * The flight limit's floor: DATA packets a sender may keep unacknowledged before it has measured
   * the path, and whatever it measures; about what one receive socket buffer (8 MiB, at roughly 2
   * KiB of kernel memory per queued datagram) holds, the fixed limit of earlier versions. Above it
   * the limit follows the measured bandwidth-delay product ({@link FlightLimit}), up to what the
   * peer's receive socket holds (stated in its HELLO or HELLO_ACK) and the window. A fixed limit at
   * the window overran the receivers' socket buffers in the disaster bench (the sender ran ahead of
   * a receiver slower than the pacing: bursts of drops no repair covers, after network-sync had
   * acknowledged the writes); a fixed limit at this floor capped a 50 ms link at about 460 Mbit/s.
   */
  public static final int FLIGHT_FLOOR_PACKETS = 4096;

  /**
   * Default window: the flight limit's highest ceiling (reached when the peer's receive buffer
   * holds it), about 1.8 Gbit/s of 1400-byte packets over a 100 ms round trip.
   */
  public static final int DEFAULT_WINDOW_PACKETS = 16_384;

  /** 1400-byte packets, 16384-packet window, 100 Mbit/s, 2 ms linger, 1 ms ACKs, auto NAK. */
  public static SessionConfig defaults() {
    return new SessionConfig(
        1400,
        DEFAULT_WINDOW_PACKETS,
        100_000_000L,
        Duration.ofMillis(2),
        Duration.ofMillis(1),
        Duration.ZERO,
        Duration.ofMillis(100),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        FecParams.defaults());
  }

  public SessionConfig withMaxPacketBytes(int v) {
    return new SessionConfig(
        v,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withWindowPackets(int v) {
    return new SessionConfig(
        maxPacketBytes,
        v,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withRateBitsPerSecond(long v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        v,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withLinger(Duration v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        v,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withAckInterval(Duration v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        v,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withNakDelay(Duration v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        v,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        fec);
  }

  /** Heartbeat interval and dead-peer timeout together (the timeout must cover two heartbeats). */
  public SessionConfig withLiveness(Duration heartbeat, Duration dead) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeat,
        dead,
        connectTimeout,
        sendTimeout,
        fec);
  }

  public SessionConfig withConnectTimeout(Duration v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        v,
        sendTimeout,
        fec);
  }

  public SessionConfig withSendTimeout(Duration v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        v,
        fec);
  }

  /**
   * This configuration with FEC {@code p}, its window grown to span the FEC's widest group (r x the
   * largest interleave) if it is smaller: deep interleaves get the window they need rather than a
   * refusal. Both ends use it, the client for its own flags and the server for a peer's HELLO, so a
   * mirror with default settings accepts a primary's deep interleave.
   *
   * @throws IllegalArgumentException if that window exceeds {@link #MAX_WINDOW_PACKETS}
   */
  public SessionConfig withFecGrowingWindow(FecParams p) {
    long needed = (long) p.r() * p.maxInterleave();
    SessionConfig c = this;
    if (windowPackets < needed) {
      if (needed > MAX_WINDOW_PACKETS) {
        throw new IllegalArgumentException(
            "fec needs a window of r x largest interleave = "
                + needed
                + " packets, above the maximum "
                + MAX_WINDOW_PACKETS);
      }
      c = withWindowPackets((int) needed);
    }
    return c.withFec(p);
  }

  public SessionConfig withFec(FecParams v) {
    return new SessionConfig(
        maxPacketBytes,
        windowPackets,
        rateBitsPerSecond,
        linger,
        ackInterval,
        nakDelay,
        heartbeatInterval,
        deadTimeout,
        connectTimeout,
        sendTimeout,
        v);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + name + "=" + d);
    }
  }

  private static void requireNonNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + name + "=" + d);
    }
  }
}
