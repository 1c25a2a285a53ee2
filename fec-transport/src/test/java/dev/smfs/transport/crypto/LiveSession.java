package dev.smfs.transport.crypto;

import dev.smfs.transport.session.PacketEventListener;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.TransportClient;
import dev.smfs.transport.session.TransportMetrics;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.session.TransportServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A server and one connected client on 127.0.0.1 under {@code security}, each with a {@link
 * WireTap} at the socket side. The server accepts only token {42}; the first session delivers to
 * {@link #received}, later ones (intruders) to nowhere.
 */
final class LiveSession implements AutoCloseable {
  static final byte[] TOKEN = {42};
  final SimpleMeterRegistry serverRegistry = new SimpleMeterRegistry();
  final SimpleMeterRegistry clientRegistry = new SimpleMeterRegistry();
  final TransportMetrics serverMetrics = new TransportMetrics(serverRegistry);
  final TransportMetrics clientMetrics = new TransportMetrics(clientRegistry);
  final SecurityMetrics serverSecurity = new SecurityMetrics(serverRegistry);
  final SecurityMetrics clientSecurity = new SecurityMetrics(clientRegistry);
  final WireTap serverTap = new WireTap(64);
  final WireTap clientTap = new WireTap(64);
  final CheckingListener received;

  /** Sessions the server accepted after the genuine one (HELLOs that were not the client's). */
  final java.util.List<Session> intruders = new java.util.concurrent.CopyOnWriteArrayList<>();

  final TransportServer server;
  final Session client;

  private final java.util.concurrent.atomic.AtomicReference<Session> genuine =
      new java.util.concurrent.atomic.AtomicReference<>();

  LiveSession(TransportSecurity security, int expected) throws Exception {
    received = new CheckingListener(expected);
    SessionConfig config = SessionConfig.defaults();
    server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            config,
            (s, token) -> {
              if (!Arrays.equals(token, TOKEN)) {
                return null;
              }
              if (genuine.compareAndSet(null, s)) {
                return received;
              }
              intruders.add(s);
              return (sess, stream, seq, payload) -> {};
            },
            security.apply(
                new TransportOptions(
                    serverMetrics, PacketEventListener.NONE, p -> p.addLast(serverTap))));
    try {
      client =
          TransportClient.connect(
                  server.localAddress(),
                  TOKEN,
                  config,
                  (s, stream, seq, payload) -> {},
                  security.apply(
                      new TransportOptions(
                          clientMetrics, PacketEventListener.NONE, p -> p.addLast(clientTap))))
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  void send(long from, long to) throws Exception {
    for (long i = from; i < to; i++) {
      io.netty.buffer.ByteBuf p = CheckingListener.payload(i);
      try {
        client.send(0, p);
      } finally {
        p.release();
      }
    }
  }

  boolean awaitDelivered() throws InterruptedException {
    return received.all.await(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
