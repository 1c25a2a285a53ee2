package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The NIO fallback (used where epoll is unavailable) carries a lossy transfer too. */
class NioTransportTest {
  @BeforeEach
  void forceNio() {
    System.setProperty(Endpoints.FORCE_NIO_PROPERTY, "true");
  }

  @AfterEach
  void restore() {
    System.clearProperty(Endpoints.FORCE_NIO_PROPERTY);
  }

  @Test
  @Timeout(60)
  void lossyTransferOverNioIsCompleteAndOrdered() throws Exception {
    int packets = 2000;
    OrderCheckingListener received = new OrderCheckingListener(2, packets);
    try (SessionFixture f =
        new SessionFixture(
            SessionConfig.defaults(),
            0.03,
            (s, t) -> received,
            (s, st, q, p) -> {},
            PacketEventListener.NONE)) {
      assertFalse(Endpoints.useEpoll());
      for (int i = 0; i < packets; i++) {
        f.client.send(i % 2, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i)));
      }
      assertTrue(received.all.await(30, TimeUnit.SECONDS), "delivered=" + received.delivered());
      assertEquals(List.of(), received.errors);
    }
  }
}
