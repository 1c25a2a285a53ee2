package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real client and server on 127.0.0.1 with seeded loss on both directions. */
class LossyTransferTest {
  private static final int PACKETS = 10_000;
  private static final int STREAMS = 3;

  @Test
  @Timeout(90)
  void everyPacketIsDeliveredOnceAndInOrderDespiteLoss() throws Exception {
    SessionConfig config = SessionConfig.defaults().withRateBitsPerSecond(200_000_000L);
    OrderCheckingListener received = new OrderCheckingListener(STREAMS, PACKETS);
    TransportMetrics serverMetrics = TransportMetrics.unregistered();
    TransportMetrics clientMetrics = TransportMetrics.unregistered();
    LossyLink serverLink = new LossyLink(1, 0.05, () -> false);
    LossyLink clientLink = new LossyLink(2, 0.05, () -> false);
    try (TransportServer server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            config,
            (session, token) -> received,
            TransportOptions.defaults()
                .withMetrics(serverMetrics)
                .withPipelineHook(p -> p.addLast(serverLink)))) {
      Session client =
          connect(
              server,
              config,
              TransportOptions.defaults()
                  .withMetrics(clientMetrics)
                  .withPipelineHook(p -> p.addLast(clientLink)));
      long last = -1;
      for (int i = 0; i < PACKETS; i++) {
        last = client.send(i % STREAMS, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
      }
      assertTrue(received.all.await(60, TimeUnit.SECONDS), "delivered=" + received.delivered());
      client.progress().await(SendProgress.Stage.ACKED, 0, last).get(30, TimeUnit.SECONDS);
      client.close();
      assertEquals(List.of(), received.errors);
      assertEquals(PACKETS, received.delivered());
      assertTrue(serverLink.dropped.get() > 0, "the link dropped nothing");
      assertTrue(serverMetrics.fecRecovered() > 0, "FEC recovered nothing");
      // 5% of datagrams dropped on the way in: the receiver's estimate is in that neighbourhood.
      double loss = serverMetrics.observedLoss();
      assertTrue(loss >= 0.025 && loss <= 0.1, "observed loss " + loss + " for a 5% link");
    }
  }

  /**
   * On a link that loses nothing, FEC must rebuild nothing. Bursts that each wait for repair
   * coverage make the sender flush partial FEC groups, so REPAIRs and DATA share send passes; a
   * REPAIR written before DATA it covers would have the receiver "rebuild" a packet still on its
   * way and count it lost.
   */
  @Test
  @Timeout(90)
  void aLinkThatLosesNothingHasNothingRebuilt() throws Exception {
    int bursts = 200;
    int perBurst = 40;
    SessionConfig config = SessionConfig.defaults().withRateBitsPerSecond(100_000_000L);
    OrderCheckingListener received = new OrderCheckingListener(1, bursts * perBurst);
    TransportMetrics serverMetrics = TransportMetrics.unregistered();
    try (TransportServer server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            config,
            (session, token) -> received,
            TransportOptions.defaults().withMetrics(serverMetrics))) {
      Session client = connect(server, config, TransportOptions.defaults());
      for (int b = 0; b < bursts; b++) {
        long last = -1;
        for (int i = 0; i < perBurst; i++) {
          int n = b * perBurst + i;
          last = client.send(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(n)));
        }
        client.progress().await(SendProgress.Stage.COVERED, 3, last).get(30, TimeUnit.SECONDS);
      }
      assertTrue(received.all.await(60, TimeUnit.SECONDS), "delivered=" + received.delivered());
      client.close();
      assertEquals(List.of(), received.errors);
      assertEquals(0.0, serverMetrics.fecRecovered(), "packets rebuilt on a lossless link");
      assertEquals(0.0, serverMetrics.observedLoss(), "loss observed on a lossless link");
    }
  }

  /** A client session to {@code server} that ignores what it receives. */
  private static Session connect(TransportServer server, SessionConfig config, TransportOptions o)
      throws Exception {
    return TransportClient.connect(
            server.localAddress(), new byte[] {1}, config, (s, stream, seq, payload) -> {}, o)
        .get(30, TimeUnit.SECONDS);
  }
}
