package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorWordsTest {

  private static final int MAX = 40;

  @Test
  void loadThenStoreRoundTripsEveryLengthFromHeapAndDirect() {
    Random random = new Random(1);
    byte[] scratch = new byte[MAX];
    for (int len = 1; len <= MAX; len++) {
      byte[] bytes = new byte[len];
      random.nextBytes(bytes);
      for (ByteBuf src :
          new ByteBuf[] {
            Unpooled.wrappedBuffer(bytes),
            Unpooled.directBuffer(len).writeBytes(bytes),
            Unpooled.buffer(len + 3)
                .writeBytes(new byte[] {7, 7, 7})
                .writeBytes(bytes)
                .skipBytes(3),
            Unpooled.wrappedBuffer(
                Unpooled.wrappedBuffer(bytes, 0, len / 2),
                Unpooled.directBuffer(len).writeBytes(bytes, len / 2, len - len / 2))
          }) {
        long[] words = new long[5];
        java.util.Arrays.fill(words, -1L);
        XorWords.load(src, src.readerIndex(), len, words);
        ByteBuf out = Unpooled.buffer(len);
        XorWords.store(words, len, scratch, out);
        byte[] back = new byte[len];
        out.readBytes(back);
        assertArrayEquals(bytes, back, "len=" + len);
        if ((len & 7) != 0) {
          long padding = words[len >>> 3] >>> ((len & 7) << 3);
          assertEquals(0, padding, "padding must be zero, len=" + len);
        }
        src.release();
        out.release();
      }
    }
  }

  @Test
  void loadReadsFromAPooledDirectSliceOffset() {
    ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(32);
    for (int i = 0; i < 32; i++) {
      direct.writeByte(i);
    }
    ByteBuf slice = direct.retainedSlice(5, 19);
    long[] words = new long[3];
    XorWords.load(slice, 0, 19, words);
    assertEquals(0x0C0B0A0908070605L, words[0]);
    assertEquals(0x14131211100F0E0DL, words[1]);
    assertEquals(0x171615L, words[2]);
    slice.release();
    direct.release();
  }

  @Test
  void loadReadsFromAHeapSliceOffset() {
    byte[] backing = new byte[32];
    for (int i = 0; i < backing.length; i++) {
      backing[i] = (byte) i;
    }
    ByteBuf slice = Unpooled.wrappedBuffer(backing).slice(29, 3);
    long[] words = new long[1];
    XorWords.load(slice, 0, 3, words);
    assertEquals(0x1F1E1DL, words[0]);
  }

  @Test
  void clearFromZeroesTheTail() {
    long[] words = {-1L, -1L, -1L};
    XorWords.clearFrom(words, 10, 3);
    assertArrayEquals(new long[] {-1L, 0xFFFFL, 0}, words);
  }
}
