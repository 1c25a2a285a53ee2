package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.codec.AckPacket;
import dev.smfs.transport.codec.ClosePacket;
import dev.smfs.transport.codec.CloseReason;
import dev.smfs.transport.codec.DataPacket;
import dev.smfs.transport.codec.HeartbeatPacket;
import dev.smfs.transport.codec.MalformedPacketException;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.SeqRange;
import dev.smfs.transport.fec.FecParams;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole session on an {@link EmbeddedChannel} with a mock ticker: timers run on virtual time, so
 * heartbeats, NAK delays and dead-peer detection are tested without sockets or waiting.
 */
class SessionCoreTest {
  private static final long SID = 5;
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 9);
  private static final SessionConfig CONFIG =
      SessionConfig.defaults()
          .withFec(new FecParams(2, 1, new int[] {1}))
          .withWindowPackets(64)
          .withRateBitsPerSecond(0)
          .withNakDelay(Duration.ofMillis(10))
          .withLiveness(Duration.ofMillis(100), Duration.ofMillis(500));

  private final MockTicker ticker = Ticker.newMockTicker();
  private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
  private final PacketCodec codec = new PacketCodec(CONFIG.maxPacketBytes());
  private final List<String> delivered = new ArrayList<>();
  private final List<SessionState> states = new ArrayList<>();
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final TransportMetrics metrics = new TransportMetrics(registry);
  private final SessionCore session =
      new SessionCore(
          SID, PEER, channel, CONFIG, 0, 0, 0, metrics, PacketEventListener.NONE, ended -> {});

  SessionCoreTest() {
    session.start(
        new StreamListener() {
          @Override
          public void onData(Session s, int streamId, long seq, io.netty.buffer.ByteBuf payload) {
            delivered.add(streamId + ":" + seq);
          }

          @Override
          public void onStateChange(Session s, SessionState state) {
            states.add(state);
          }
        },
        0);
  }

  @AfterEach
  void tearDown() {
    session.close();
    channel.finishAndReleaseAll();
  }

  private void advanceMillis(long ms) {
    for (long i = 0; i < ms; i++) {
      ticker.advance(1, TimeUnit.MILLISECONDS);
      channel.runPendingTasks();
      channel.runScheduledPendingTasks();
    }
  }

  /** Decodes and releases every datagram written so far. */
  private List<Packet> written() throws MalformedPacketException {
    List<Packet> out = new ArrayList<>();
    DatagramPacket d;
    while ((d = channel.readOutbound()) != null) {
      try {
        assertEquals(PEER, d.recipient());
        Packet p = codec.decode(d.content());
        p.release();
        out.add(p);
      } finally {
        d.release();
      }
    }
    return out;
  }

  private void receiveData(long seq, int streamId) {
    session.onPacket(new DataPacket(SID, seq, Unpooled.buffer().writeInt(streamId).writeByte(1)));
  }

  @Test
  void silentPeerIsDeclaredDeadAfterTheTimeoutAndToldWithClose() throws Exception {
    advanceMillis(400);
    receiveData(0, 1); // heard at 400 ms
    advanceMillis(499);
    assertEquals(SessionState.OPEN, session.state());
    advanceMillis(2);
    assertEquals(SessionState.DEAD, session.state());
    assertEquals(List.of(SessionState.OPEN, SessionState.DEAD), states);
    List<Packet> out = written();
    assertEquals(new ClosePacket(SID, CloseReason.TIMEOUT), out.get(out.size() - 1));
  }

  @Test
  void heartbeatReplyGivesTheRoundTripTimeOnTheTicker() throws Exception {
    advanceMillis(100);
    HeartbeatPacket request =
        (HeartbeatPacket)
            written().stream().filter(p -> p instanceof HeartbeatPacket).findFirst().orElseThrow();
    assertFalse(request.reply());
    advanceMillis(7);
    session.onPacket(new HeartbeatPacket(SID, request.timestampNanos(), true));
    assertEquals(Duration.ofMillis(7), session.rtt());
  }

  @Test
  void peerHeartbeatIsEchoed() throws Exception {
    session.onPacket(new HeartbeatPacket(SID, 1234, false));
    assertEquals(List.of(new HeartbeatPacket(SID, 1234, true)), written());
  }

  @Test
  void peersReceiverReportIsTheForwardLoss() throws Exception {
    assertTrue(Double.isNaN(session.peerObservedLoss()), "nothing reported yet");
    session.onPacket(new HeartbeatPacket(SID, 1234, false, 12_345));
    assertEquals(0.012345, session.peerObservedLoss(), 1e-12);
    session.onPacket(new HeartbeatPacket(SID, 1235, true, HeartbeatPacket.LOSS_UNKNOWN));
    assertTrue(Double.isNaN(session.peerObservedLoss()), "the peer no longer knows");
  }

  @Test
  void aHeartbeatReplyFromTheFutureIsNoRoundTripSample() throws Exception {
    ticker.advance(10, TimeUnit.MILLISECONDS);
    long now = ticker.nanoTime();
    Duration before = session.rtt();
    session.onPacket(new HeartbeatPacket(SID, now + 1_000_000, true));
    assertEquals(before, session.rtt());
    assertEquals(0, registry.find("smfs_transport_rtt").timer().count());
    session.onPacket(new HeartbeatPacket(SID, now - 5_000_000, true));
    assertEquals(1, registry.find("smfs_transport_rtt").timer().count());
  }

  @Test
  void heartbeatsCarryThisSidesReceiverReport() throws Exception {
    metrics.countDeliveredPackets(990);
    metrics.countLost(10);
    session.onPacket(new HeartbeatPacket(SID, 1234, false));
    assertEquals(List.of(new HeartbeatPacket(SID, 1234, true, 10_101)), written());
  }

  @Test
  void gapIsNakedOnlyAfterTheNakDelay() throws Exception {
    receiveData(0, 3);
    receiveData(2, 3);
    assertEquals(List.of("3:0"), delivered);
    advanceMillis(9);
    for (Packet p : written()) {
      if (p instanceof AckPacket a) {
        assertEquals(List.of(), a.naks());
      }
    }
    advanceMillis(1);
    List<Packet> acks = written();
    assertEquals(List.of(new AckPacket(SID, 1, List.of(new SeqRange(1, 2)))), acks);
    receiveData(1, 3);
    assertEquals(List.of("3:0", "3:1", "3:2"), delivered);
  }

  @Test
  void sentPacketIsCoveredAfterTheLingerAndAckedByThePeer() throws Exception {
    long seq = session.send(4, Unpooled.wrappedBuffer(new byte[] {9}));
    CompletableFuture<Void> covered = session.progress().await(SendProgress.Stage.COVERED, 1, seq);
    channel.runPendingTasks();
    assertInstanceOf(DataPacket.class, written().get(0));
    assertEquals(seq, session.progress().wire());
    assertFalse(covered.isDone());
    advanceMillis(2);
    assertTrue(covered.isDone(), "linger flushed the single-packet group");
    session.onPacket(new AckPacket(SID, seq + 1, List.of()));
    assertEquals(seq, session.progress().acked());
  }

  @Test
  void closeFromThePeerEndsTheSessionWithoutAnswering() throws Exception {
    written();
    session.onPacket(new ClosePacket(SID, CloseReason.NORMAL));
    assertEquals(SessionState.CLOSED, session.state());
    assertEquals(SessionState.CLOSED, session.terminated().getNow(null));
    assertNull(channel.readOutbound());
  }
}
