package dev.smfs.transport.session;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A server and one connected client on 127.0.0.1, each behind a {@link LossyLink} on its inbound
 * side. Close it to stop both.
 */
final class SessionFixture implements AutoCloseable {
  final AtomicBoolean serverDeaf = new AtomicBoolean();
  final AtomicBoolean clientDeaf = new AtomicBoolean();
  final LossyLink serverLink;
  final LossyLink clientLink;
  final TransportMetrics serverMetrics = TransportMetrics.unregistered();
  final TransportMetrics clientMetrics = TransportMetrics.unregistered();
  final TransportServer server;
  final Session client;

  SessionFixture(
      SessionConfig config,
      double loss,
      SessionAcceptor acceptor,
      StreamListener clientListener,
      PacketEventListener serverEvents)
      throws Exception {
    this(config, config, loss, acceptor, clientListener, serverEvents);
  }

  /** As above, the server and the client each with its own configuration. */
  SessionFixture(
      SessionConfig config,
      SessionConfig clientConfig,
      double loss,
      SessionAcceptor acceptor,
      StreamListener clientListener,
      PacketEventListener serverEvents)
      throws Exception {
    serverLink = new LossyLink(11, loss, serverDeaf::get);
    clientLink = new LossyLink(12, loss, clientDeaf::get);
    server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            config,
            acceptor,
            new TransportOptions(serverMetrics, serverEvents, p -> p.addLast(serverLink)));
    try {
      client =
          TransportClient.connect(
                  server.localAddress(),
                  new byte[] {42},
                  clientConfig,
                  clientListener,
                  new TransportOptions(
                      clientMetrics, PacketEventListener.NONE, p -> p.addLast(clientLink)))
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.close();
      throw e;
    }
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
