package dev.smfs.transport.bench;

import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.StreamListener;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * The receiving application of the session phase: checks that payloads arrive intact, in order and
 * exactly once (their embedded numbers must run 0, 1, 2...), and records send-to-delivery latency.
 *
 * <p>Written only on the server's event loop. Readers on other threads read {@link #delivered}
 * (volatile, written last in every call) before any other field, which makes them visible.
 */
final class DeliveryChecker implements StreamListener {
  private final PayloadPattern pattern;
  final LatencyHistogram latency = new LatencyHistogram();
  long bytes;
  long corrupt;
  long outOfOrder;
  long lastDeliveryNanos;
  private long expected;
  volatile long delivered;

  DeliveryChecker(PayloadPattern pattern) {
    this.pattern = pattern;
  }

  /** {@inheritDoc} The payload is read in place and neither retained nor released. */
  @Override
  public void onData(Session session, int streamId, long seq, ByteBuf payload) {
    long now = System.nanoTime();
    ByteBuffer view = payload.nioBuffer(payload.readerIndex(), payload.readableBytes());
    if (!pattern.verify(view)) {
      corrupt++;
    } else {
      long number = PayloadPattern.sequence(view);
      if (number != expected) {
        outOfOrder++;
      }
      expected = number + 1;
      bytes += view.remaining();
      latency.recordNanos(now - PayloadPattern.sendNanos(view));
    }
    lastDeliveryNanos = now;
    delivered = delivered + 1;
  }
}
