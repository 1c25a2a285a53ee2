package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.codec.MalformedReason;
import dev.smfs.transport.codec.PacketCodec;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Garbage sent at a live receiver is counted and dropped; the session keeps delivering. */
class MalformedDatagramTest {

  @Test
  @Timeout(60)
  void receiverCountsGarbageAndKeepsDelivering() throws Exception {
    int packets = 500;
    OrderCheckingListener received = new OrderCheckingListener(1, packets);
    CountDownLatch garbageSeen = new CountDownLatch(4);
    PacketEventListener events =
        new PacketEventListener() {
          @Override
          public void onMalformed(MalformedReason reason) {
            garbageSeen.countDown();
          }
        };
    try (SessionFixture f =
            new SessionFixture(
                SessionConfig.defaults(), 0, (s, t) -> received, (s, st, q, p) -> {}, events);
        DatagramSocket attacker = new DatagramSocket()) {
      for (int i = 0; i < packets / 2; i++) {
        f.client.send(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i * 1L)));
      }
      byte[] badMagic = new byte[40];
      byte[] truncated = new byte[] {0x53, 0x4d, 1};
      byte[] oversized = new byte[1401];
      byte[] badCrc = new byte[40];
      badCrc[0] = 0x53;
      badCrc[1] = 0x4d;
      badCrc[PacketCodec.OFFSET_VERSION] = PacketCodec.VERSION;
      for (byte[] b : List.of(badMagic, truncated, oversized, badCrc)) {
        attacker.send(new DatagramPacket(b, b.length, f.server.localAddress()));
      }
      assertTrue(garbageSeen.await(30, TimeUnit.SECONDS));
      for (int i = packets / 2; i < packets; i++) {
        f.client.send(0, Unpooled.wrappedBuffer(OrderCheckingListener.payload(i * 1L)));
      }
      assertTrue(received.all.await(30, TimeUnit.SECONDS), "delivered=" + received.delivered());
      assertEquals(List.of(), received.errors);
      assertEquals(1.0, f.serverMetrics.malformedDropped(MalformedReason.BAD_MAGIC));
      assertEquals(1.0, f.serverMetrics.malformedDropped(MalformedReason.TRUNCATED));
      assertEquals(1.0, f.serverMetrics.malformedDropped(MalformedReason.OVERSIZED));
      assertEquals(1.0, f.serverMetrics.malformedDropped(MalformedReason.BAD_CRC));
      assertEquals(SessionState.OPEN, f.client.state());
    }
  }
}
