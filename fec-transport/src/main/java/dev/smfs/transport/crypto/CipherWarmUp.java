package dev.smfs.transport.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the seal and open path on a throwaway key until the JIT has compiled it.
 *
 * <p>Why: the JDK's AES-GCM reaches its steady cost (about 0.6 µs per 1400-byte seal on the
 * reference machine) only after roughly 300,000 operations, once C2 has compiled the provider's
 * counter-mode and GHASH loops with their AES/CLMUL intrinsics; before that a seal costs about
 * twice as much. At tens of thousands of datagrams per second that is several seconds of an
 * endpoint's life (all of a short benchmark) spent at double cost, on the event-loop thread that
 * already bounds throughput. Warming up before traffic starts moves that cost out of the path.
 *
 * <p>Uses its own codec and key, so no nonce of a real key is spent and no replay window is
 * touched. Thread-safe (confined to the calling thread).
 */
final class CipherWarmUp {
  private CipherWarmUp() {}

  /**
   * Seals and opens {@code rounds} frames of {@code plainBytes} bytes, stopping early after {@code
   * maxNanos}.
   *
   * @return rounds done
   */
  static long run(ByteBufAllocator alloc, int plainBytes, long rounds, long maxNanos) {
    byte[] keyBytes = new byte[KeyRing.KEY_BYTES];
    Arrays.fill(keyBytes, (byte) 0x5A);
    KeyRing ring = new KeyRing(List.of(KeyRing.Key.of(0, keyBytes)));
    SealedFrameCodec codec = new SealedFrameCodec();
    ByteBuf plain = alloc.buffer(plainBytes);
    long done = 0;
    try {
      plain.writeZero(plainBytes);
      long deadline = System.nanoTime() + maxNanos;
      for (; done < rounds; done++) {
        if ((done & 1023) == 0 && System.nanoTime() - deadline > 0) {
          break;
        }
        ByteBuf sealed = codec.seal(alloc, ring.sending(), 0, done, plain);
        try {
          codec.open(alloc, ring, sealed).release();
        } catch (AuthenticationException e) {
          throw new IllegalStateException("warm-up frame did not open: round=" + done, e);
        } finally {
          sealed.release();
        }
      }
    } finally {
      plain.release();
    }
    return done;
  }
}
