package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.FecParams;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FullDuplexTest {

  @Test
  @Timeout(60)
  void bothPeersSendAndReceive() throws Exception {
    int packets = 300;
    OrderCheckingListener atServer = new OrderCheckingListener(2, packets);
    OrderCheckingListener atClient = new OrderCheckingListener(2, packets);
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    try (SessionFixture f =
        new SessionFixture(
            SessionConfig.defaults(),
            0.02,
            (s, t) -> {
              serverSide.complete(s);
              return atServer;
            },
            atClient,
            PacketEventListener.NONE)) {
      Session server = serverSide.get(30, TimeUnit.SECONDS);
      for (int i = 0; i < packets; i++) {
        f.client.send(i % 2, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
        server.send(i % 2, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
      }
      assertTrue(atServer.all.await(30, TimeUnit.SECONDS));
      assertTrue(atClient.all.await(30, TimeUnit.SECONDS));
      assertEquals(List.of(), atServer.errors);
      assertEquals(List.of(), atClient.errors);
    }
  }

  @Test
  @Timeout(60)
  void fullWindowBlocksSendersUntilAcksReturn() throws Exception {
    SessionConfig small =
        SessionConfig.defaults().withFec(new FecParams(2, 1, new int[] {1})).withWindowPackets(16);
    OrderCheckingListener atServer = new OrderCheckingListener(1, 17);
    try (SessionFixture f =
        new SessionFixture(
            small, 0, (s, t) -> atServer, (s, st, q, p) -> {}, PacketEventListener.NONE)) {
      f.serverDeaf.set(true);
      for (int i = 0; i < 16; i++) {
        assertEquals(
            i, f.client.trySend(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i))));
      }
      assertEquals(
          -1, f.client.trySend(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(16))));
      assertThrows(
          TimeoutException.class,
          () ->
              f.client.send(
                  0,
                  Unpooled.wrappedBuffer(OrderCheckingListener.payload(16)),
                  0,
                  TimeUnit.MILLISECONDS));
      f.serverDeaf.set(false);
      assertEquals(
          16,
          f.client.send(
              0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(16)), 30, TimeUnit.SECONDS));
      assertTrue(atServer.all.await(30, TimeUnit.SECONDS));
      assertEquals(List.of(), atServer.errors);
    }
  }

  @Test
  @Timeout(60)
  void progressReachesWireCoveredAndAckedForTheLastPacket() throws Exception {
    try (SessionFixture f =
        new SessionFixture(
            SessionConfig.defaults(),
            0,
            (s, t) -> new OrderCheckingListener(1, 0),
            (s, st, q, p) -> {},
            PacketEventListener.NONE)) {
      long last = -1;
      for (int i = 0; i < 50; i++) {
        last = f.client.send(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
      }
      SendProgress progress = f.client.progress();
      progress.await(SendProgress.Stage.WIRE, 0, last).get(30, TimeUnit.SECONDS);
      // groups of 50 packets are incomplete in every layer: only the linger flush covers them
      progress.await(SendProgress.Stage.COVERED, 3, last).get(30, TimeUnit.SECONDS);
      progress.await(SendProgress.Stage.ACKED, 0, last).get(30, TimeUnit.SECONDS);
      assertTrue(progress.wire() >= last);
      assertTrue(progress.covered(3) >= last);
      assertEquals(last, progress.acked());
    }
  }
}
