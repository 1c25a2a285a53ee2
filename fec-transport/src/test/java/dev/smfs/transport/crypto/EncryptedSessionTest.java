package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.codec.MalformedReason;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.SessionState;
import dev.smfs.transport.session.TransportClient;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.session.TransportServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A live session under AES-GCM on loopback, with and without an attacker. */
class EncryptedSessionTest {
  static final KeyRing RING = new KeyRing(List.of(SealingHandlerTest.K1));
  static final KeyRing WRONG =
      new KeyRing(List.of(KeyRing.Key.of(1, SealedFrameCodecTest.OTHER_KEY_BYTES)));

  @Test
  @Timeout(60)
  void encryptedSessionDeliversEverything() throws Exception {
    int n = 2000;
    try (LiveSession s = new LiveSession(TransportSecurity.of(RING), n)) {
      s.send(0, n);
      assertTrue(s.awaitDelivered(), "delivered=" + s.received.delivered());
      assertEquals(List.of(), s.received.errors);
      // full-size packets were among them, and fit the enlarged receive buffer once sealed
      assertTrue(CheckingListener.payload(199).readableBytes() == CheckingListener.MAX_PAYLOAD);
      assertEquals(0.0, s.serverSecurity.authFailed());
      assertEquals(0.0, s.serverSecurity.replayDropped());
      assertEquals(0.0, s.clientSecurity.authFailed());
    }
  }

  @Test
  @Timeout(60)
  void wireBytesAreSealedFrames() throws Exception {
    try (LiveSession s = new LiveSession(TransportSecurity.of(RING), 20)) {
      s.send(0, 20);
      assertTrue(s.awaitDelivered());
      for (byte[] wire : s.serverTap.captured()) {
        assertEquals(0x53, wire[0]);
        assertEquals(0x45, wire[1]);
        assertEquals(SealedFrameCodec.VERSION, wire[SealedFrameCodec.OFFSET_VERSION]);
      }
    }
  }

  @Test
  @Timeout(60)
  void forgedAndReplayedDatagramsAreDroppedCountedAndDoNotDisturbDelivery() throws Exception {
    int n = 3000;
    Random random = new Random(42);
    try (LiveSession s = new LiveSession(TransportSecurity.of(RING), n);
        DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress clientAddr = s.server.sessions().get(0).remoteAddress();
      s.serverTap.watch((InetSocketAddress) attacker.getLocalSocketAddress());
      s.send(0, n / 3);
      List<byte[]> captured = s.serverTap.captured();
      assertTrue(captured.size() >= 32, "captured=" + captured.size());

      int forged = 0;
      int replayed = 0;
      int unseenForgeries = 0;
      // from the attacker's own address: replays, garbage, truncations, frames under a wrong key
      for (byte[] wire : captured) {
        attacker.send(new DatagramPacket(wire, wire.length, s.server.localAddress()));
        replayed++;
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 1 - random.nextInt(20));
        attacker.send(new DatagramPacket(cut, cut.length, s.server.localAddress()));
        forged++;
      }
      for (int i = 0; i < 50; i++) {
        byte[] junk = new byte[1 + random.nextInt(1400)];
        random.nextBytes(junk);
        attacker.send(new DatagramPacket(junk, junk.length, s.server.localAddress()));
        forged++;
        unseenForgeries++;
      }
      SealedFrameCodec wrongCodec = new SealedFrameCodec();
      for (byte[] wire : captured) {
        // re-seal the attacker's own plaintext under a wrong key with a plausible header
        io.netty.buffer.ByteBuf plain = io.netty.buffer.Unpooled.wrappedBuffer(new byte[100]);
        io.netty.buffer.ByteBuf bad =
            wrongCodec.seal(
                io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                WRONG.sending(),
                SealedFrameCodec.header(io.netty.buffer.Unpooled.wrappedBuffer(wire)).noncePrefix(),
                Long.MAX_VALUE - 1 - random.nextInt(1000),
                plain);
        plain.release();
        byte[] b = io.netty.buffer.ByteBufUtil.getBytes(bad);
        bad.release();
        attacker.send(new DatagramPacket(b, b.length, s.server.localAddress()));
        forged++;
        unseenForgeries++;
      }
      // spoofing the client's address: replays and a flipped bit
      for (byte[] wire : captured) {
        s.serverTap.inject(wire, clientAddr);
        replayed++;
        byte[] flipped = wire.clone();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        s.serverTap.inject(flipped, clientAddr);
        forged++;
      }
      s.serverTap.awaitHandled(forged + replayed);
      s.send(n / 3, n);

      assertTrue(s.awaitDelivered(), "delivered=" + s.received.delivered());
      assertEquals(List.of(), s.received.errors);
      // a damaged copy of a frame whose nonce was already seen is dropped as a replay before any
      // decryption; everything else counts as an authentication failure
      double authFailed = s.serverSecurity.authFailed();
      double replays = s.serverSecurity.replayDropped();
      assertEquals(forged + replayed, (int) (authFailed + replays));
      assertTrue(authFailed >= unseenForgeries, "authFailed=" + authFailed);
      assertTrue(replays >= replayed, "replayDropped=" + replays);
      for (MalformedReason r : MalformedReason.values()) {
        assertEquals(0.0, s.serverMetrics.malformedDropped(r), "nothing reached the codec: " + r);
      }
      assertEquals(SessionState.OPEN, s.client.state());
      assertEquals(1, s.server.sessions().size());
    }
  }

  @Test
  @Timeout(60)
  void clientUnderAnotherKeyNeverConnects() throws Exception {
    SecurityMetrics serverSecurity = new SecurityMetrics(new SimpleMeterRegistry());
    SessionConfig config = SessionConfig.defaults().withConnectTimeout(Duration.ofSeconds(1));
    try (TransportServer server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            config,
            (sess, token) -> new CheckingListener(0),
            TransportSecurity.of(RING).apply(TransportOptions.defaults(), serverSecurity))) {
      CompletableFuture<Session> f =
          TransportClient.connect(
              server.localAddress(),
              LiveSession.TOKEN,
              config,
              (sess, stream, seq, p) -> {},
              TransportSecurity.of(WRONG).apply(TransportOptions.defaults()));
      assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      assertTrue(server.sessions().isEmpty());
      assertTrue(serverSecurity.authFailed() >= 1, "hellos dropped=" + serverSecurity.authFailed());
    }
  }
}
