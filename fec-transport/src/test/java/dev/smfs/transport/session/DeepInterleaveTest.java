package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.FecParams;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client whose FEC's widest group (r x largest interleave) exceeds the default window reaches a
 * server running the defaults: the server grows its window for that session as the client did,
 * instead of refusing the HELLO as incompatible; until it has measured the path, the sender keeps
 * no more than {@link SessionConfig#FLIGHT_FLOOR_PACKETS} unacknowledged.
 */
class DeepInterleaveTest {
  private static final int PACKETS = 3_000;

  @Test
  @Timeout(90)
  void aServerWithDefaultsAcceptsAndRepairsADeepInterleave() throws Exception {
    SessionConfig serverConfig = SessionConfig.defaults().withRateBitsPerSecond(200_000_000L);
    FecParams deep = new FecParams(8, 3, new int[] {1, 10, 2500});
    SessionConfig clientConfig = serverConfig.withFecGrowingWindow(deep);
    assertEquals(20000, clientConfig.windowPackets());
    OrderCheckingListener received = new OrderCheckingListener(1, PACKETS);
    try (SessionFixture f =
        new SessionFixture(
            serverConfig,
            clientConfig,
            0.02,
            (session, token) -> received,
            (s, stream, seq, payload) -> {},
            PacketEventListener.NONE)) {
      long last = -1;
      for (int i = 0; i < PACKETS; i++) {
        last = f.client.send(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
      }
      assertTrue(received.all.await(60, TimeUnit.SECONDS), "delivered=" + received.delivered());
      f.client.progress().await(SendProgress.Stage.ACKED, 0, last).get(30, TimeUnit.SECONDS);
      assertEquals(List.of(), received.errors);
      assertEquals(PACKETS, received.delivered());
      assertTrue(f.serverMetrics.fecRecovered() > 0, "FEC recovered nothing");
    }
  }

  @Test
  @Timeout(60)
  void anUnmeasuredSenderKeepsNoMoreThanTheFlightFloorUnacknowledged() throws Exception {
    SessionConfig config =
        SessionConfig.defaults()
            .withRateBitsPerSecond(0)
            .withFecGrowingWindow(new FecParams(8, 3, new int[] {1, 10, 2500}));
    try (SessionFixture f =
        new SessionFixture(
            config,
            config,
            0,
            (session, token) -> new OrderCheckingListener(1, 1),
            (s, stream, seq, payload) -> {},
            PacketEventListener.NONE)) {
      f.serverDeaf.set(true); // no ACK comes back: every packet sent stays in flight
      int accepted = 0;
      while (accepted <= config.windowPackets()
          && f.client.trySend(0, Unpooled.wrappedBuffer(new byte[16])) >= 0) {
        accepted++;
      }
      assertEquals(20000, config.windowPackets());
      assertEquals(SessionConfig.FLIGHT_FLOOR_PACKETS, accepted);
    }
  }
}
