package dev.smfs.transport.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The content of benchmark payloads, so the receiver can check every byte.
 *
 * <pre>
 * offset 0   8-byte sequence number (big-endian)
 * offset 8   8-byte System.nanoTime() at send
 * offset 16  size-16 bytes: a window of a seeded random block, starting at an offset derived from
 *            the sequence number (so a payload delivered under the wrong number is caught)
 * </pre>
 *
 * <p>Immutable after construction; thread-safe (each call works on its own duplicate of the block).
 */
final class PayloadPattern {
  static final int SEQUENCE_OFFSET = 0;
  static final int SEND_NANOS_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
  static final int PATTERN_OFFSET = SEND_NANOS_OFFSET + Long.BYTES;

  /** Smallest payload: header only. */
  static final int MIN_SIZE = PATTERN_OFFSET;

  private static final int BLOCK_BYTES = 1 << 16;
  private static final long STRIDE = 7919;

  private final int size;
  private final int patternLength;
  private final int windows;
  private final ByteBuffer block;

  PayloadPattern(int size, long seed) {
    if (size < MIN_SIZE || size > 65_000) {
      throw new IllegalArgumentException("payload size=" + size + " must be in [16,65000]");
    }
    this.size = size;
    this.patternLength = size - PATTERN_OFFSET;
    this.windows = BLOCK_BYTES;
    byte[] bytes = new byte[BLOCK_BYTES + patternLength];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < bytes.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < bytes.length; j++) {
        bytes[i + j] = (byte) (v >>> (8 * j));
      }
    }
    this.block = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
  }

  int size() {
    return size;
  }

  private ByteBuffer window(long sequence) {
    int start = (int) Math.floorMod(sequence * STRIDE, (long) windows);
    return block.duplicate().position(start).limit(start + patternLength);
  }

  /**
   * Writes payload {@code sequence} at {@code target}'s position, advancing it by {@link #size()}.
   */
  void write(ByteBuffer target, long sequence, long sendNanos) {
    target.putLong(sequence).putLong(sendNanos).put(window(sequence));
  }

  /** Sequence number of a payload in {@code [position, limit)}; the buffer is not moved. */
  static long sequence(ByteBuffer payload) {
    return payload.getLong(payload.position() + SEQUENCE_OFFSET);
  }

  static long sendNanos(ByteBuffer payload) {
    return payload.getLong(payload.position() + SEND_NANOS_OFFSET);
  }

  /** True if {@code [position, limit)} is exactly the payload its sequence number names. */
  boolean verify(ByteBuffer payload) {
    if (payload.remaining() != size) {
      return false;
    }
    int from = payload.position() + PATTERN_OFFSET;
    ByteBuffer pattern = payload.duplicate().position(from).limit(from + patternLength);
    return pattern.mismatch(window(sequence(payload))) < 0;
  }
}
