package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The impairment pipeline driven by an explicit clock (nanoseconds from 0), without sockets. */
class ImpairmentTest {
  private static final long MS = 1_000_000;

  private final WanCounters counters = new WanCounters();

  private static Packet packet(Impairment imp, int number, int length) {
    Packet p = imp.acquire(length);
    p.buffer.clear();
    p.buffer.putInt(number);
    return p;
  }

  private static int number(Packet p) {
    return p.datagram().getInt(0);
  }

  /** Polls every packet due at {@code now}, finishing each as sent; returns their numbers. */
  private static List<Integer> drainDue(Impairment imp, long now) {
    List<Integer> out = new ArrayList<>();
    Packet p;
    while ((p = imp.pollDue(now)) != null) {
      out.add(number(p));
      imp.finish(p, true, true);
    }
    return out;
  }

  @Test
  void packetIsReleasedExactlyAfterTheDelay() {
    Impairment imp = new Impairment(WanProfile.PERFECT.withDelayMs(25), counters);
    imp.offer(packet(imp, 1, 100), 10 * MS);
    assertEquals(List.of(), drainDue(imp, 35 * MS - 1));
    assertEquals(35 * MS, imp.nextReleaseNanos());
    assertEquals(List.of(1), drainDue(imp, 35 * MS));
  }

  @Test
  void zeroJitterKeepsArrivalOrder() {
    Impairment imp = new Impairment(WanProfile.PERFECT.withDelayMs(5), counters);
    for (int i = 0; i < 1000; i++) {
      imp.offer(packet(imp, i, 1400), i * 1000L);
    }
    List<Integer> out = drainDue(imp, 10 * MS);
    assertEquals(1000, out.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, out.get(i));
    }
  }

  @Test
  void jitterKeepsEachDelayWithinBoundsAndReleasesInTimeOrder() {
    Impairment imp =
        new Impairment(WanProfile.PERFECT.withDelayMs(10).withJitterMs(2).withSeed(3), counters);
    int n = 5000;
    for (int i = 0; i < n; i++) {
      imp.offer(packet(imp, i, 200), i * 10_000L);
    }
    long previousRelease = Long.MIN_VALUE;
    int released = 0;
    boolean reordered = false;
    int lastNumber = -1;
    Packet p;
    while ((p = imp.pollDue(Long.MAX_VALUE)) != null) {
      long arrival = number(p) * 10_000L;
      long delay = p.releaseNanos - arrival;
      assertTrue(delay >= 8 * MS && delay <= 12 * MS, "delay=" + delay);
      assertTrue(p.releaseNanos >= previousRelease);
      previousRelease = p.releaseNanos;
      reordered |= number(p) < lastNumber;
      lastNumber = number(p);
      imp.finish(p, true, true);
      released++;
    }
    assertEquals(n, released);
    assertTrue(reordered, "2 ms jitter on packets 10 us apart must reorder some");
  }

  @Test
  void rateCapSpacesReleasesBySerialisationTime() {
    // 8 Mbit/s: 1000 bytes take 1 ms on the link, then 5 ms of delay.
    Impairment imp = new Impairment(WanProfile.PERFECT.withDelayMs(5).withRateMbit(8.0), counters);
    for (int i = 0; i < 3; i++) {
      imp.offer(packet(imp, i, 1000), 0);
    }
    assertEquals(List.of(0), drainDue(imp, 6 * MS));
    assertEquals(List.of(1), drainDue(imp, 7 * MS));
    assertEquals(List.of(), drainDue(imp, 8 * MS - 1));
    assertEquals(List.of(2), drainDue(imp, 8 * MS));
  }

  @Test
  void queueLimitTailDropsWhenFullAndAcceptsAgainAfterRelease() {
    // Each 1400-byte packet is charged a 2 KiB buffer: room for exactly 10.
    Impairment imp =
        new Impairment(
            WanProfile.PERFECT.withDelayMs(100).withQueueLimitBytes(10 * PacketPool.LARGE),
            counters);
    int scheduled = 0;
    for (int i = 0; i < 15; i++) {
      if (imp.offer(packet(imp, i, 1400), 0) == Impairment.Outcome.SCHEDULED) {
        scheduled++;
      }
    }
    assertEquals(10, scheduled);
    assertEquals(5, counters.snapshot().droppedQueue());
    assertEquals(10L * PacketPool.LARGE, imp.chargedBytes());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), drainDue(imp, 100 * MS));
    assertEquals(0, imp.chargedBytes());
    assertEquals(Impairment.Outcome.SCHEDULED, imp.offer(packet(imp, 99, 1400), 100 * MS));
  }

  @Test
  void lossDropsAreCountedAndNeverReleased() {
    Impairment imp = new Impairment(WanProfile.PERFECT.withLoss(1.0), counters);
    assertEquals(Impairment.Outcome.DROPPED_LOSS, imp.offer(packet(imp, 1, 100), 0));
    assertNull(imp.pollDue(Long.MAX_VALUE));
    WanCounters.Snapshot s = counters.snapshot();
    assertEquals(1, s.received());
    assertEquals(1, s.droppedLoss());
    assertEquals(0, s.forwarded());
  }

  @Test
  void dropObserverSeesEachDroppedPacketWithItsCause() {
    Impairment imp =
        new Impairment(
            WanProfile.PERFECT.withLoss(0.5).withSeed(9).withQueueLimitBytes(2 * PacketPool.SMALL),
            counters);
    List<String> seen = new ArrayList<>();
    imp.setDropObserver((view, cause) -> seen.add(view.getInt(0) + ":" + cause));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Impairment.Outcome outcome = imp.offer(packet(imp, i, 100), 0);
      if (outcome == Impairment.Outcome.DROPPED_LOSS) {
        expected.add(i + ":LOSS");
      } else if (outcome == Impairment.Outcome.DROPPED_QUEUE) {
        expected.add(i + ":QUEUE");
      }
    }
    assertEquals(expected, seen);
    assertTrue(expected.stream().anyMatch(e -> e.endsWith("QUEUE")), expected::toString);
    assertTrue(expected.stream().anyMatch(e -> e.endsWith("LOSS")), expected::toString);
  }

  @Test
  void heldPacketsWaitForReleaseAndComeOutInOrder() {
    Impairment imp = new Impairment(WanProfile.PERFECT, counters);
    imp.setFilter(
        view -> view.getInt(0) % 2 == 0 ? PacketFilter.Action.HOLD : PacketFilter.Action.PASS);
    for (int i = 0; i < 6; i++) {
      imp.offer(packet(imp, i, 64), 0);
    }
    assertEquals(List.of(1, 3, 5), drainDue(imp, 0));
    assertEquals(3, imp.heldNow());
    assertNull(imp.pollReleased());
    imp.releaseHeld();
    List<Integer> released = new ArrayList<>();
    Packet p;
    while ((p = imp.pollReleased()) != null) {
      released.add(number(p));
      imp.finish(p, false, true);
    }
    assertEquals(List.of(0, 2, 4), released);
    WanCounters.Snapshot s = counters.snapshot();
    assertEquals(3, s.held());
    assertEquals(3, s.released());
    assertEquals(0, s.heldNow());
    assertEquals(6, s.forwarded());
  }

  @Test
  void filterDropIsCountedSeparatelyFromLoss() {
    Impairment imp = new Impairment(WanProfile.PERFECT, counters);
    imp.setFilter(view -> PacketFilter.Action.DROP);
    assertEquals(Impairment.Outcome.DROPPED_FILTER, imp.offer(packet(imp, 1, 64), 0));
    assertEquals(1, counters.snapshot().droppedFilter());
    assertEquals(0, counters.snapshot().droppedLoss());
  }

  @Test
  void filterSeesTheWholeDatagramReadOnly() {
    Impairment imp = new Impairment(WanProfile.PERFECT, counters);
    List<Integer> lengths = new ArrayList<>();
    imp.setFilter(
        view -> {
          lengths.add(view.remaining());
          assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
          return PacketFilter.Action.PASS;
        });
    imp.offer(packet(imp, 7, 333), 0);
    assertEquals(List.of(333), lengths);
    Packet p = imp.pollDue(0);
    assertEquals(7, number(p));
    assertEquals(333, p.datagram().remaining());
  }

  @Test
  void finishedPacketsAreRecycled() {
    Impairment imp = new Impairment(WanProfile.PERFECT, counters);
    Packet first = packet(imp, 1, 1000);
    imp.offer(first, 0);
    Packet due = imp.pollDue(0);
    imp.finish(due, true, true);
    assertSame(first, imp.acquire(1200));
    ByteBuffer view = first.readOnlyView();
    assertEquals(1200, view.remaining());
  }

  @Test
  void countersJsonNamesEveryCounter() {
    Impairment imp = new Impairment(WanProfile.PERFECT, counters);
    imp.offer(packet(imp, 1, 100), 0);
    imp.finish(imp.pollDue(0), true, true);
    String json = counters.snapshot().toJson();
    assertEquals(
        "{\"received\":1,\"forwarded\":1,\"dropped_loss\":0,\"dropped_queue\":0,"
            + "\"dropped_filter\":0,\"dropped_unroutable\":0,\"held\":0,\"released\":0,"
            + "\"bytes_received\":100,\"bytes_forwarded\":100,\"send_errors\":0}",
        json);
  }
}
