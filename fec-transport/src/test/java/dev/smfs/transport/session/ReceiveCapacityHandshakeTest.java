package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.codec.HelloPacket;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both ends of a handshake state their receive socket's capacity: the client in its HELLO, the
 * server in its HELLO_ACK (checked from a plain UDP socket on the other side of each).
 */
class ReceiveCapacityHandshakeTest {
  private static final PacketCodec CODEC = new PacketCodec(1400);

  private static Packet receive(DatagramSocket socket) throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    socket.receive(p);
    return CODEC.decode(Unpooled.wrappedBuffer(buf, 0, p.getLength()));
  }

  @Test
  @Timeout(60)
  void theClientsHelloStatesItsReceiveCapacity() throws Exception {
    try (DatagramSocket fakeServer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      fakeServer.setSoTimeout(30_000);
      SessionConfig config =
          SessionConfig.defaults().withConnectTimeout(java.time.Duration.ofSeconds(2));
      CompletableFuture<Session> connecting =
          TransportClient.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), fakeServer.getLocalPort()),
              new byte[] {'t'},
              config,
              (s, stream, seq, payload) -> {},
              TransportOptions.defaults());
      HelloPacket hello = (HelloPacket) receive(fakeServer);
      assertFalse(hello.ack());
      assertTrue(hello.receiveCapacity() > 0, "capacity=" + hello.receiveCapacity());
      // no HELLO_ACK comes: the client gives up after its connect timeout and releases its socket
      assertThrows(ExecutionException.class, () -> connecting.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  @Timeout(60)
  void theServersHelloAckStatesItsReceiveCapacity() throws Exception {
    try (TransportServer server =
            TransportServer.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SessionConfig.defaults(),
                (session, token) -> (s, stream, seq, payload) -> {},
                TransportOptions.defaults());
        DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(30_000);
      HelloPacket hello =
          new HelloPacket(42, false, 8, new int[] {1, 10, 100}, 1400, 0, new byte[] {'t'}, 1000);
      ByteBuf encoded = CODEC.encode(UnpooledByteBufAllocator.DEFAULT, hello);
      byte[] bytes = new byte[encoded.readableBytes()];
      encoded.readBytes(bytes);
      encoded.release();
      client.send(new DatagramPacket(bytes, bytes.length, server.localAddress()));
      HelloPacket ack = (HelloPacket) receive(client);
      assertTrue(ack.ack());
      assertEquals(42, ack.sessionId());
      assertTrue(ack.receiveCapacity() > 0, "capacity=" + ack.receiveCapacity());
    }
  }
}
