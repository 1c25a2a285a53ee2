package dev.smfs.transport.crypto;

import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.StreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Expects payloads {@link #payload}(0..n-1) on stream 0, in order, once each, intact. */
final class CheckingListener implements StreamListener {
  final CountDownLatch all;
  final List<String> errors = new CopyOnWriteArrayList<>();
  private volatile long next;

  CheckingListener(int expected) {
    all = new CountDownLatch(expected);
  }

  /** The largest payload a default session carries: full-size datagrams are exercised too. */
  static final int MAX_PAYLOAD =
      new dev.smfs.transport.codec.PacketCodec(
              dev.smfs.transport.session.SessionConfig.defaults().maxPacketBytes())
          .maxPayloadBytes();

  static ByteBuf payload(long i) {
    byte[] b = new byte[(int) Math.min(8 + i * 7 % 1500, MAX_PAYLOAD)];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (i >>> (56 - 8 * k));
    }
    for (int k = 8; k < b.length; k++) {
      b[k] = (byte) (i * 31 + k);
    }
    return Unpooled.wrappedBuffer(b);
  }

  @Override
  public void onData(Session session, int streamId, long seq, ByteBuf payload) {
    ByteBuf expected = payload(next);
    try {
      if (streamId != 0 || !expected.equals(payload)) {
        byte[] got = new byte[Math.min(16, payload.readableBytes())];
        payload.getBytes(payload.readerIndex(), got);
        errors.add(
            "expected index="
                + next
                + " stream=0 got stream="
                + streamId
                + " head="
                + Arrays.toString(got)
                + " seq="
                + seq);
      }
    } finally {
      expected.release();
    }
    next++;
    all.countDown();
  }

  long delivered() {
    return next;
  }
}
