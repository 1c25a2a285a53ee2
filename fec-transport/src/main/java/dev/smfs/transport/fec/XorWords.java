package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Symbols as little-endian {@code long} words, so that XOR runs 8 bytes (and, once the JIT
 * vectorises the plain {@code long[]} loop, 32 bytes) at a time instead of byte by byte.
 *
 * <p>A symbol of {@code len} bytes occupies {@link #wordsFor(int) wordsFor(len)} words; the bytes
 * of the last word past {@code len} are always zero, which is exactly the zero padding the layered
 * XOR needs. Stateless; {@link #store} takes a caller-owned {@code byte[]} scratch of at least
 * {@code 8 * words} bytes.
 */
final class XorWords {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Little-endian longs of any ByteBuffer, whatever its own byte order. */
  private static final VarHandle BUFFER_LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private XorWords() {}

  static int wordsFor(int bytes) {
    return (bytes + 7) >>> 3;
  }

  /**
   * Copies {@code len} bytes of {@code src} starting at absolute {@code index} into {@code dst},
   * zero-padding the last word. Does not move indices or change the reference count of {@code src}.
   */
  static void load(ByteBuf src, int index, int len, long[] dst) {
    int full = len >>> 3;
    if (src.hasArray() && src.arrayOffset() + index + len <= src.array().length) {
      // Heap buffer: read straight from its array, one bounds-check-free view load per word.
      byte[] bytes = src.array();
      int base = src.arrayOffset() + index;
      for (int i = 0; i < full; i++) {
        dst[i] = (long) LONGS.get(bytes, base + (i << 3));
      }
    } else if (full > 0 && src.nioBufferCount() == 1) {
      // Direct buffer: word loads from its NIO view. ByteBuf.getLongLE would check the reference
      // count (through every derived-buffer level) and bounds once per word; the view checks
      // bounds only, which the JIT hoists. internalNioBuffer: no allocation, used at once here.
      ByteBuffer view = src.internalNioBuffer(index, full << 3);
      int base = view.position();
      for (int i = 0; i < full; i++) {
        dst[i] = (long) BUFFER_LONGS.get(view, base + (i << 3));
      }
    } else {
      // Composite buffer: one getLongLE per word.
      for (int i = 0; i < full; i++) {
        dst[i] = src.getLongLE(index + (i << 3));
      }
    }
    int rest = len & 7;
    if (rest != 0) {
      long tail = 0;
      int start = index + (full << 3);
      for (int b = rest; --b >= 0; ) {
        tail = (tail << 8) | src.getUnsignedByte(start + b);
      }
      dst[full] = tail;
    }
  }

  /** {@code acc[i] ^= src[i]} for the first {@code words} words. */
  static void xor(long[] src, long[] acc, int words) {
    for (int i = 0; i < words; i++) {
      acc[i] ^= src[i];
    }
  }

  /** Zeroes every byte of {@code words} from byte {@code len} up to word {@code upToWords}. */
  static void clearFrom(long[] words, int len, int upToWords) {
    int full = len >>> 3;
    int w = full;
    if ((len & 7) != 0 && full < upToWords) {
      words[full] &= (1L << ((len & 7) << 3)) - 1;
      w++;
    }
    for (; w < upToWords; w++) {
      words[w] = 0;
    }
  }

  /** Appends the first {@code len} bytes of {@code src} to {@code dst} (moves its writer index). */
  static void store(long[] src, int len, byte[] scratch, ByteBuf dst) {
    int words = wordsFor(len);
    for (int i = 0; i < words; i++) {
      LONGS.set(scratch, i << 3, src[i]);
    }
    dst.writeBytes(scratch, 0, len);
  }
}
