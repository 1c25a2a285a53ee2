package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dead-peer detection, clean close, rejection. */
class LivenessTest {
  private static final SessionConfig SHORT =
      SessionConfig.defaults().withLiveness(Duration.ofMillis(20), Duration.ofMillis(200));

  @Test
  @Timeout(60)
  void silentPeerMakesTheSessionDeadAndFailsWaiters() throws Exception {
    OrderCheckingListener clientListener = new OrderCheckingListener(1, 0);
    try (SessionFixture f =
        new SessionFixture(
            SHORT, 0, (s, t) -> (ss, st, q, p) -> {}, clientListener, PacketEventListener.NONE)) {
      f.clientDeaf.set(true);
      long seq = f.client.send(0, Unpooled.wrappedBuffer(new byte[] {1}));
      CompletableFuture<Void> acked = f.client.progress().await(SendProgress.Stage.ACKED, 0, seq);
      assertEquals(SessionState.DEAD, f.client.terminated().get(30, TimeUnit.SECONDS));
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> acked.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof SessionClosedException);
      assertThrows(
          SessionClosedException.class,
          () -> f.client.trySend(0, Unpooled.wrappedBuffer(new byte[1])));
      assertTrue(
          clientListener.states.contains(SessionState.DEAD), clientListener.states.toString());
    }
  }

  @Test
  @Timeout(60)
  void closeEndsTheSessionOnBothSides() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    try (SessionFixture f =
        new SessionFixture(
            SHORT,
            0,
            (s, t) -> {
              serverSide.complete(s);
              return new OrderCheckingListener(1, 0);
            },
            new OrderCheckingListener(1, 0),
            PacketEventListener.NONE)) {
      Session server = serverSide.get(30, TimeUnit.SECONDS);
      f.client.close();
      assertEquals(SessionState.CLOSED, f.client.state());
      assertEquals(SessionState.CLOSED, server.terminated().get(30, TimeUnit.SECONDS));
      assertEquals(0, f.server.sessions().size());
    }
  }

  @Test
  @Timeout(60)
  void acceptorSeesTheTokenAndCanReject() throws Exception {
    CompletableFuture<byte[]> token = new CompletableFuture<>();
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                new SessionFixture(
                        SHORT,
                        0,
                        (s, t) -> {
                          token.complete(t);
                          return null;
                        },
                        new OrderCheckingListener(1, 0),
                        PacketEventListener.NONE)
                    .close());
    assertTrue(e.getCause() instanceof SessionClosedException, e.toString());
    assertEquals(42, token.get(30, TimeUnit.SECONDS)[0]);
  }

  @Test
  @Timeout(60)
  void lostHelloAckIsRepairedByTheRepeatedHello() throws Exception {
    AtomicInteger inbound = new AtomicInteger();
    LossyLink dropFirst = new LossyLink(3, 0, () -> inbound.getAndIncrement() == 0);
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    try (TransportServer server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            SHORT,
            (s, t) -> {
              serverSide.complete(s);
              return (ss, st, q, p) -> {};
            })) {
      Session client =
          TransportClient.connect(
                  server.localAddress(),
                  new byte[0],
                  SHORT,
                  (s, st, q, p) -> {},
                  TransportOptions.defaults().withPipelineHook(p -> p.addLast(dropFirst)))
              .get(30, TimeUnit.SECONDS);
      try {
        assertEquals(1, dropFirst.dropped.get());
        assertEquals(client.sessionId(), serverSide.get(30, TimeUnit.SECONDS).sessionId());
        assertEquals(1, server.sessions().size());
        assertEquals(SessionState.OPEN, client.state());
      } finally {
        client.close();
      }
    }
  }
}
