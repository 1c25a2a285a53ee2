package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The flight limit against simulated paths in virtual time: acknowledgements arrive every
 * millisecond, as the receiver's ACK interval sends them.
 */
class FlightLimitTest {
  private static final long MS = 1_000_000L;

  private final FlightLimit limit = new FlightLimit(4096, 16384);
  private long now;

  /**
   * A path that delivers whatever the sender has in flight once per round trip (the limit, not the
   * path, caps the rate): runs {@code rounds} round trips of {@code rttMs}.
   */
  private void runFlightLimited(int rounds, long rttMs) {
    for (int round = 0; round < rounds; round++) {
      int inFlight = limit.limit();
      for (int ms = 1; ms <= rttMs; ms++) {
        now += MS;
        limit.onRttSample(rttMs * MS);
        limit.onAcked((int) (inFlight / rttMs), now - rttMs * MS, now);
      }
    }
  }

  /** A receiver that drains {@code perMs} packets a millisecond however many are in flight. */
  private void runReceiverLimited(int ms, int perMs, long rttMs) {
    for (int i = 0; i < ms; i++) {
      now += MS;
      limit.onRttSample(rttMs * MS);
      limit.onAcked(perMs, now - rttMs * MS, now);
    }
  }

  @Test
  void startsAtTheFloorAndStaysThereWithoutARoundTripTime() {
    assertEquals(4096, limit.limit());
    for (int i = 0; i < 1000; i++) {
      now += MS;
      assertEquals(4096, limit.onAcked(100, now - MS, now));
    }
    assertEquals(-1, limit.minRttNanos());
  }

  @Test
  void aLongPathThatTheLimitCapsGrowsItToTheCeilingAtMostDoublingPerRound() {
    // 100 ms round trip: 4096 packets a round trip is the cap the floor alone would set (the
    // limiter's first round starts at the first ACK, so it ends in the second round trip)
    runFlightLimited(2, 100);
    int previous = limit.limit();
    assertEquals(FlightLimit.GAIN * (4096 / 100 * 100) + 2048, previous);
    int rounds = 2;
    for (; rounds < 100 && limit.limit() < 16384; rounds++) {
      runFlightLimited(1, 100);
      assertTrue(limit.limit() >= previous, "shrank: " + previous + " -> " + limit.limit());
      assertTrue(
          limit.limit() <= FlightLimit.GAIN * previous + 2048,
          "grew " + previous + " -> " + limit.limit());
      previous = limit.limit();
    }
    assertEquals(16384, limit.limit());
    // the median lags a growing rate by half its rounds
    assertTrue(rounds <= 20, "took " + rounds + " round trips");
  }

  @Test
  void aReceiverSlowerThanThePacingGetsAtMostOneProductPlusHalfTheFloorQueued() {
    // 50 ms round trip, the receiver drains 100 packets/ms (about 1.1 Gbit/s of 1400 B): its
    // bandwidth-delay product is 5000 packets; the limit settles at twice that plus 2048, so at
    // most 5000 + 2048 packets wait in front of it
    runReceiverLimited(2000, 100, 50);
    assertEquals(2 * 5000 + 2048, limit.limit(), 1); // the rate is a double: allow a rounding
    // a slower receiver: the limit follows it down once the faster rounds age out
    runReceiverLimited(2000, 40, 50);
    assertEquals(2 * 2000 + 2048, limit.limit(), 1);
    runReceiverLimited(2000, 20, 50);
    assertEquals(4096, limit.limit());
  }

  @Test
  void theRoundTripTimeIsTheMinimumAndNeverRises() {
    limit.onRttSample(50 * MS);
    limit.onRttSample(80 * MS); // measured with a queue in front of the receiver
    assertEquals(50 * MS, limit.minRttNanos());
    limit.onRttSample(30 * MS);
    assertEquals(30 * MS, limit.minRttNanos());
    limit.onRttSample(0);
    limit.onRttSample(-5);
    assertEquals(30 * MS, limit.minRttNanos());
  }

  @Test
  void aQueueThatInflatesTheRoundTripDoesNotRatchetTheLimitUp() {
    // true round trip 50 ms, receiver at 100 packets/ms; later samples report 80 ms (queueing)
    runReceiverLimited(1000, 100, 50);
    int settled = limit.limit();
    assertTrue(settled < 16384, "at the ceiling: " + settled);
    runReceiverLimited(5000, 100, 80);
    assertEquals(settled, limit.limit());
  }

  @Test
  void anIdleOrSlowSenderFallsBackToTheFloor() {
    runFlightLimited(40, 100);
    assertEquals(16384, limit.limit());
    runReceiverLimited(100 * FlightLimit.RATE_ROUNDS + 100, 1, 100);
    assertEquals(4096, limit.limit());
  }

  @Test
  void oneRoundsBurstDoesNotMoveTheLimit() {
    runReceiverLimited(1000, 60, 100);
    int settled = limit.limit();
    // 100,000 packets in one 100 ms round, send times unknown
    now += 100 * MS;
    assertEquals(settled, limit.onAcked(100_000, Long.MIN_VALUE, now));
    runReceiverLimited(100, 60, 100);
    assertEquals(settled, limit.limit(), 1);
  }

  @Test
  void anAckBurstAfterAStallCountsAtTheRateThePacketsWereSent() {
    // 100 ms round trip, a receiver at 60 packets/ms; then a lost packet holds the cumulative ACK
    // for 200 ms, and its retransmission releases 12,000 packets in one ACK
    runReceiverLimited(1000, 60, 100);
    int settled = limit.limit();
    now += 200 * MS;
    limit.onAcked(12_000, now - 100 * MS, now);
    for (int ms = 1; ms <= 100; ms++) {
      now += MS;
      limit.onAcked(60, now - 100 * MS, now);
    }
    assertEquals(settled, limit.limit(), 1, "the burst counted as a faster receiver");
  }

  @Test
  void aShortPathKeepsTheFloor() {
    // 2 ms round trip at 150 packets/ms: 300 packets in flight suffice
    runReceiverLimited(1000, 150, 2);
    assertEquals(4096, limit.limit());
  }

  @Test
  void theCeilingIsTheDataShareOfWhatThePeersReceiveSocketHolds() {
    SessionConfig defaults = SessionConfig.defaults(); // (8,3): 8 of every 11 datagrams are data
    FlightLimit unknown = FlightLimit.forSession(defaults, 0);
    assertEquals(SessionConfig.FLIGHT_FLOOR_PACKETS, unknown.floor());
    assertEquals(SessionConfig.FLIGHT_FLOOR_PACKETS, unknown.ceiling());
    // an 8 MiB receive buffer (16 MiB granted), at 2800 bytes per datagram
    assertEquals(5991 * 8 / 11, FlightLimit.forSession(defaults, 5991).ceiling());
    // a raised one: capped by the window
    assertEquals(
        SessionConfig.DEFAULT_WINDOW_PACKETS, FlightLimit.forSession(defaults, 23967).ceiling());
    // a small one: never below the floor
    assertEquals(
        SessionConfig.FLIGHT_FLOOR_PACKETS, FlightLimit.forSession(defaults, 100).ceiling());
    FlightLimit small = FlightLimit.forSession(defaults.withWindowPackets(1000), 5991);
    assertEquals(1000, small.floor());
    assertEquals(1000, small.ceiling());
    assertEquals(1000, small.limit());
    assertThrows(IllegalArgumentException.class, () -> new FlightLimit(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new FlightLimit(10, 5));
  }
}
