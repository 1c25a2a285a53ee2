package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Receives payloads made by {@link #payload} and records every violation of per-stream order,
 * duplication or content. Streams are numbered 0..streams-1; payload {@code i} of the whole
 * transfer goes to stream {@code i % streams}.
 */
final class OrderCheckingListener implements StreamListener {
  final CountDownLatch all;
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<SessionState> states = new CopyOnWriteArrayList<>();
  private final int streams;
  private final long[] nextIndex;
  private volatile long delivered;
  private long lastSeq = -1;

  OrderCheckingListener(int streams, int expected) {
    this.streams = streams;
    this.nextIndex = new long[streams];
    for (int s = 0; s < streams; s++) {
      nextIndex[s] = s;
    }
    this.all = new CountDownLatch(expected);
  }

  /** Payload of transfer index {@code i}: the index, then {@code i % 997} bytes of a pattern. */
  static byte[] payload(long i) {
    byte[] b = new byte[8 + (int) (i % 997)];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (i >>> (56 - 8 * k));
    }
    for (int k = 8; k < b.length; k++) {
      b[k] = (byte) (i * 31 + k);
    }
    return b;
  }

  @Override
  public void onData(Session session, int streamId, long seq, ByteBuf payload) {
    if (seq <= lastSeq) {
      errors.add("seq not increasing: seq=" + seq + " last=" + lastSeq);
    }
    lastSeq = seq;
    if (streamId < 0 || streamId >= streams) {
      errors.add("bad stream: " + streamId);
      return;
    }
    long index = payload.getLong(payload.readerIndex());
    if (index != nextIndex[streamId]) {
      errors.add("stream " + streamId + " expected=" + nextIndex[streamId] + " got=" + index);
    }
    byte[] expected = payload(index);
    byte[] actual = new byte[payload.readableBytes()];
    payload.getBytes(payload.readerIndex(), actual);
    if (!java.util.Arrays.equals(expected, actual)) {
      errors.add("content differs at index=" + index);
    }
    nextIndex[streamId] = index + streams;
    delivered++;
    all.countDown();
  }

  long delivered() {
    return delivered;
  }

  @Override
  public void onStateChange(Session session, SessionState state) {
    states.add(state);
  }
}
