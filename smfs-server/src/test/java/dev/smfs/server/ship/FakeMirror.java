package dev.smfs.server.ship;

import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.StreamListener;
import dev.smfs.transport.session.TransportServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A scripted mirror for shipper tests: answers each ATTACH with {@code onAttach}, collects control
 * messages and reassembled frames.
 */
final class FakeMirror implements AutoCloseable {
  final BlockingQueue<ControlMessage> control = new LinkedBlockingQueue<>();
  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final BlockingQueue<java.util.UUID> nodes = new LinkedBlockingQueue<>();
  private final TransportServer server;
  private volatile Session session;

  FakeMirror(Function<ControlMessage.Attach, ControlMessage> onAttach) throws InterruptedException {
    server =
        TransportServer.bind(
            new InetSocketAddress("127.0.0.1", 0),
            SessionConfig.defaults(),
            (s, token) -> {
              nodes.add(ReplicationCodec.decodeToken(token));
              session = s;
              FrameReader reader = new FrameReader(1 << 24);
              return new StreamListener() {
                @Override
                public void onData(Session s2, int streamId, long seq, ByteBuf payload) {
                  if (streamId == 0) {
                    ControlMessage m = ReplicationCodec.decodeControl(payload.nioBuffer());
                    // answer before the test sees the ATTACH: a test that reacts to it (e.g. with
                    // DURABLE) must not get its message on the wire ahead of the ATTACHED
                    if (m instanceof ControlMessage.Attach a) {
                      send(onAttach.apply(a));
                    }
                    control.add(m);
                  } else {
                    reader.feed(payload.nioBuffer(), frames::add);
                  }
                }
              };
            });
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  void send(ControlMessage m) {
    try {
      session.send(0, Unpooled.wrappedBuffer(ReplicationCodec.encode(m)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
