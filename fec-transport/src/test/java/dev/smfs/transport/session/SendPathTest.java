package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.MalformedPacketException;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.RepairPacket;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.FecParams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send path without sockets: a recording link, a manual clock and a manual scheduler. */
class SendPathTest {
  private static final long SID = 77;
  private final PacketCodec codec = new PacketCodec(1400);
  private final List<ByteBuf> wire = new ArrayList<>();
  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<Long> delays = new ArrayList<>();
  private long now = 1_000_000_000L;

  /** What the link's tracked writes return; null for "accepted at once". */
  private Promise<Void> tracked;

  /** Per write (position in write order), what it returns instead of {@link #tracked}. */
  private final java.util.Map<Integer, Promise<Void>> trackedByWrite = new java.util.HashMap<>();

  /** Datagrams per write, in write order. */
  private final List<Integer> writeSizes = new ArrayList<>();

  /** What the link reports as {@link Link#maxSegments()}. */
  private int maxSegments = 1;

  private SendWindow window;
  private ProgressTracker progress;
  private SendPath path;

  private final Link link =
      new Link() {
        @Override
        public Future<Void> writeTracked(ByteBuf datagram) {
          wire.add(datagram);
          return written(1);
        }

        @Override
        public int maxSegments() {
          return maxSegments;
        }

        @Override
        public Future<Void> writeSegmented(List<ByteBuf> datagrams) {
          assertTrue(datagrams.size() >= 2 && datagrams.size() <= maxSegments);
          for (ByteBuf d : datagrams) {
            assertEquals(datagrams.get(0).readableBytes(), d.readableBytes());
          }
          wire.addAll(datagrams);
          return written(datagrams.size());
        }

        private Future<Void> written(int datagrams) {
          Promise<Void> p = trackedByWrite.get(writeSizes.size());
          writeSizes.add(datagrams);
          if (p != null) {
            return p;
          }
          return tracked != null
              ? tracked
              : ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }

        @Override
        public void flush() {}

        @Override
        public ByteBufAllocator alloc() {
          return UnpooledByteBufAllocator.DEFAULT;
        }
      };

  private void build(SessionConfig config) {
    build(config, new FlightLimit(config.windowPackets(), config.windowPackets()));
  }

  private void build(SessionConfig config, FlightLimit flight) {
    window = new SendWindow(flight.limit());
    progress = new ProgressTracker(Runnable::run, config.windowPackets(), config.fec().c(), 0);
    path =
        new SendPath(
            SID,
            codec,
            link,
            window,
            flight,
            progress,
            config,
            0,
            () -> now,
            (task, delay) -> {
              scheduled.add(task);
              delays.add(delay);
            },
            TransportMetrics.unregistered(),
            PacketEventListener.NONE);
  }

  private static SessionConfig unpaced(FecParams fec, int window) {
    return SessionConfig.defaults().withFec(fec).withWindowPackets(window).withRateBitsPerSecond(0);
  }

  private void send(long seq, int payloadBytes) {
    assertTrue(window.tryAcquire());
    path.submit(
        seq,
        codec.encodeData(
            UnpooledByteBufAllocator.DEFAULT,
            SID,
            seq,
            5,
            Unpooled.wrappedBuffer(new byte[payloadBytes])));
  }

  /** Decodes and releases everything written so far: "D<seq>" or "R<first>x<count>". */
  private List<String> drainWire() throws MalformedPacketException {
    List<String> out = new ArrayList<>();
    for (ByteBuf b : wire) {
      Packet p = codec.decode(b);
      if (p instanceof DataPacket d) {
        out.add("D" + d.seq());
      } else if (p instanceof RepairPacket r) {
        out.add("R" + r.firstSeq() + "x" + r.count());
      }
      p.release();
      b.release();
    }
    wire.clear();
    return out;
  }

  @AfterEach
  void releaseAll() throws Exception {
    path.close();
    drainWire();
  }

  @Test
  void repairFollowsTheDataPacketThatCompletesItsGroup() throws Exception {
    build(unpaced(new FecParams(2, 1, new int[] {1}), 16));
    send(0, 10);
    send(1, 20);
    send(2, 30);
    assertEquals(List.of("D0", "D1", "R0x2", "D2"), drainWire());
  }

  @Test
  void lingeringGroupIsFlushedByTheTick() throws Exception {
    build(unpaced(new FecParams(4, 1, new int[] {1}), 16));
    send(0, 10);
    drainWire();
    now += SessionConfig.defaults().linger().toNanos();
    path.tick(Long.MAX_VALUE, 0);
    assertEquals(List.of("R0x1"), drainWire());
  }

  @Test
  void steadyStreamKeepsGroupsOpenUnlessCoverageIsAwaited() throws Exception {
    build(unpaced(new FecParams(4, 1, new int[] {1}), 16));
    long linger = SessionConfig.defaults().linger().toNanos();
    send(0, 10);
    now += linger;
    send(1, 10);
    drainWire();
    path.tick(Long.MAX_VALUE, 0);
    assertEquals(List.of(), drainWire(), "data is flowing and nobody waits: the group may fill");
    path.tick(Long.MAX_VALUE, 1);
    assertEquals(List.of("R0x2"), drainWire());
  }

  @Test
  void coverageWaiterForOneRepairFlushesOnlyTheNarrowestLayer() throws Exception {
    build(unpaced(new FecParams(4, 2, new int[] {1, 10}), 64));
    long linger = SessionConfig.defaults().linger().toNanos();
    send(0, 10);
    now += linger;
    send(1, 10);
    drainWire();
    path.tick(Long.MAX_VALUE, 1);
    assertEquals(List.of("R0x2"), drainWire(), "layer 0's group {0,1}; layer 1's stay open");
    now += linger;
    send(2, 10);
    drainWire();
    path.tick(Long.MAX_VALUE, 2);
    // layer 1's sub-streams 0 and 1 lingered out; layer 0's {2} and sub-stream 2 are young
    assertEquals(Set.of("R0x1", "R1x1"), Set.copyOf(drainWire()));
  }

  @Test
  void nakRetransmitsExactlyTheNakedPackets() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    for (int i = 0; i < 5; i++) {
      send(i, 10);
    }
    drainWire();
    path.onAck(new AckPacket(SID, 1, List.of(new SeqRange(2, 4))), 0);
    assertEquals(List.of("D2", "D3"), drainWire());
  }

  @Test
  void nakRepeatedWithinHalfAnRttIsIgnored() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    send(0, 10);
    send(1, 10);
    drainWire();
    now += 1_000;
    path.onAck(new AckPacket(SID, 0, List.of(new SeqRange(0, 1))), 10_000);
    assertEquals(List.of(), drainWire(), "sent 1 us ago, half RTT is 5 us");
    now += 5_000;
    path.onAck(new AckPacket(SID, 0, List.of(new SeqRange(0, 1))), 10_000);
    assertEquals(List.of("D0"), drainWire());
  }

  @Test
  void cumulativeAckFreesWindowSlotsAndRaisesProgress() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    for (int i = 0; i < 4; i++) {
      send(i, 10);
    }
    path.onAck(new AckPacket(SID, 3, List.of()), 0);
    assertEquals(1, window.inFlight());
    assertEquals(2, progress.acked());
    assertEquals(1, path.unacknowledged());
  }

  @Test
  void acknowledgementsMoveTheWindowWithTheFlightLimit() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16), new FlightLimit(4, 16));
    for (int i = 0; i < 4; i++) {
      send(i, 10);
    }
    assertFalse(window.tryAcquire(), "the floor, 4, is the limit before any measurement");
    drainWire();
    now += 10_000_000;
    path.onAck(new AckPacket(SID, 4, List.of()), 0); // 10 ms round trip; the first round starts
    for (int i = 4; i < 8; i++) {
      send(i, 10);
    }
    drainWire();
    now += 10_000_000;
    path.onAck(new AckPacket(SID, 8, List.of()), 0); // 2 x 4 packets in 10 ms, plus 4 / 2: 10
    assertEquals(10, window.capacity());
    for (int i = 0; i < 10; i++) {
      assertTrue(window.tryAcquire());
    }
    assertFalse(window.tryAcquire());
  }

  @Test
  void stalledAcksTriggerATailProbeOfTheOldestPackets() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    send(0, 10);
    send(1, 10);
    drainWire();
    now += 99;
    path.tick(100, 0);
    assertEquals(List.of(), drainWire());
    now += 1;
    path.tick(100, 0);
    assertEquals(List.of("D0", "D1"), drainWire());
  }

  @Test
  void pacerHoldsPacketsBeyondTheBurstUntilTokensRefill() throws Exception {
    // 8 Mbit/s = 1 byte/us; burst = 4 max packets = 5600 bytes
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16).withRateBitsPerSecond(8_000_000));
    int payload = codec.maxPayloadBytes();
    for (int i = 0; i < 5; i++) {
      send(i, payload);
    }
    assertEquals(List.of("D0", "D1", "D2", "D3"), drainWire());
    assertEquals(1, scheduled.size());
    now += delays.get(0);
    scheduled.get(0).run();
    assertEquals(List.of("D4"), drainWire());
  }

  @Test
  void drainPassCountsAsWiredWhenItsWritesAreAccepted() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    tracked = ImmediateEventExecutor.INSTANCE.newPromise();
    for (int i = 0; i < 3; i++) {
      assertTrue(window.tryAcquire());
      path.accept(
          i,
          codec.encodeData(
              UnpooledByteBufAllocator.DEFAULT, SID, i, 5, Unpooled.wrappedBuffer(new byte[10])));
    }
    path.drain();
    assertEquals(List.of("D0", "D1", "D2"), drainWire());
    assertEquals(-1, progress.wire());
    tracked.setSuccess(null);
    assertEquals(2, progress.wire());
  }

  private void acceptData(int count, int payloadBytes) {
    for (int i = 0; i < count; i++) {
      assertTrue(window.tryAcquire());
      path.accept(
          i,
          codec.encodeData(
              UnpooledByteBufAllocator.DEFAULT,
              SID,
              i,
              5,
              Unpooled.wrappedBuffer(new byte[payloadBytes])));
    }
  }

  @Test
  void refusedDatagramIsNotCountedAsWired() throws Exception {
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    Promise<Void> refused = ImmediateEventExecutor.INSTANCE.newPromise();
    trackedByWrite.put(1, refused);
    acceptData(3, 10);
    path.drain();
    refused.setFailure(new java.io.IOException("refused"));
    assertEquals(List.of("D0", "D1", "D2"), drainWire());
    assertEquals(0, progress.wire(), "D1 was refused: the wire stops before it though D2 went");
  }

  @Test
  void segmentingLinkWritesEqualSizeDataTogetherAndTheRepairsAfter() throws Exception {
    maxSegments = 64;
    build(unpaced(new FecParams(2, 1, new int[] {1}), 16));
    acceptData(4, 10);
    path.drain();
    assertEquals(List.of(4, 2), writeSizes, "one write of 4 DATA, one of 2 REPAIR");
    assertEquals(List.of("D0", "D1", "D2", "D3", "R0x2", "R2x2"), drainWire());
    assertEquals(3, progress.wire());
  }

  @Test
  void segmentingLinkWritesAtMostMaxSegmentsDatagramsAtOnce() throws Exception {
    maxSegments = 3;
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    acceptData(7, 10);
    path.drain();
    assertEquals(List.of(3, 3, 1), writeSizes);
  }

  @Test
  void refusedSegmentedWriteLeavesAllItsDatagramsUnwired() throws Exception {
    maxSegments = 2;
    build(unpaced(new FecParams(8, 1, new int[] {1}), 16));
    Promise<Void> refused = ImmediateEventExecutor.INSTANCE.newPromise();
    trackedByWrite.put(1, refused); // D2 and D3
    acceptData(6, 10);
    path.drain();
    assertEquals(List.of(2, 2, 2), writeSizes);
    refused.setFailure(new java.io.IOException("refused"));
    assertEquals(1, progress.wire(), "D0 and D1 went; D2 and D3 did not, so D4 and D5 wait");
    drainWire();
    path.onAck(new AckPacket(SID, 2, List.of(new SeqRange(2, 4))), 0);
    assertEquals(List.of("D2", "D3"), drainWire());
    assertEquals(5, progress.wire(), "the retransmission closed the gap before D4 and D5");
  }

  @Test
  void pacedDrainWaitsForABatchAtHighRates() throws Exception {
    // 2 Gbit/s = 0.25 byte/ns; burst = 500 kB, about 350 packets; a batch of 32 in 180 us
    build(unpaced(new FecParams(8, 1, new int[] {1}), 512).withRateBitsPerSecond(2_000_000_000));
    int payload = codec.maxPayloadBytes();
    for (int i = 0; i < 500; i++) {
      send(i, payload);
    }
    drainWire();
    assertEquals(1, scheduled.size());
    long delay = delays.get(0);
    assertTrue(delay <= SendPath.DRAIN_BATCH_MAX_NANOS, "delay=" + delay);
    now += delay;
    scheduled.get(0).run();
    int sent = drainWire().size();
    assertTrue(sent >= SendPath.DRAIN_BATCH_PACKETS - 1, "sent=" + sent);
  }
}
