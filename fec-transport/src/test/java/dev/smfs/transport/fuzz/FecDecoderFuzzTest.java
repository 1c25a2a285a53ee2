package dev.smfs.transport.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.LayeredEncoder;
import dev.smfs.transport.fec.RepairRecipe;
import dev.smfs.transport.testing.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Fuzz targets for {@link dev.smfs.transport.fec.FecDecoder}; the invariants are {@link
 * FecHarness}'s. Parameters are kept small (r up to 8, interleaves up to 12, symbols up to 64
 * bytes) so that a few hundred input bytes span many repair groups and window turnovers.
 */
class FecDecoderFuzzTest {

  /**
   * Honest repairs from {@link LayeredEncoder} over fuzz-chosen symbol lengths, delivered either in
   * order with a fuzz-chosen loss pattern or as a fuzz-chosen schedule (reordered, duplicated,
   * interleaved with {@code forgetBelow}). With a window wider than the stream and no {@code
   * forgetBelow} the decoder must recover exactly what peeling can.
   */
  @FuzzTest
  void encoderOutput(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    FecParams p = params(in);
    int maxSymbolBytes = in.intIn(1, 48);
    int n = in.intIn(1, 160);
    long first = firstSeq(in, n);
    long lingerNanos = in.u8() * 1_000L;
    int minWindow = p.r() * p.maxInterleave();
    boolean wide = in.bit();
    int window = wide ? Math.max(minWindow, n) : minWindow + in.u8();
    int kindMix = in.u8();

    byte[][] symbols = new byte[n][];
    SplittableRandom random = new SplittableRandom(in.u32());
    for (int i = 0; i < n; i++) {
      symbols[i] = new byte[1 + in.u8() % maxSymbolBytes];
      random.nextBytes(symbols[i]);
    }
    List<Object> events = encode(p, maxSymbolBytes, first, symbols, lingerNanos);

    FecHarness h = new FecHarness(p, maxSymbolBytes, window, seq -> symbols[(int) (seq - first)]);
    boolean exact = wide;
    if (in.bit()) {
      int lossBits = 0;
      for (int e = 0; e < events.size(); e++) {
        if (e % 8 == 0) {
          lossBits = in.u8();
        }
        if ((lossBits >>> (e % 8) & 1) == 0) {
          deliver(h, events.get(e), first, symbols, kindMix + e);
        }
      }
    } else {
      while (!in.exhausted()) {
        int v = in.u16();
        int e = (v & 0x3FFF) % events.size();
        if (v >>> 14 == 3) {
          h.forgetBelow(first + e % n);
          exact = false;
        } else {
          deliver(h, events.get(e), first, symbols, kindMix + e);
        }
      }
    }
    h.finish(exact);
  }

  /**
   * Arbitrary data packets, recipes, payloads and lengths, plus {@code forgetBelow}, optionally
   * from the sink. In honest mode every packet is built from one deterministic symbol per seq (over
   * arbitrary, possibly overlapping recipes), so recovered bytes must equal those symbols.
   */
  @FuzzTest
  void arbitraryPackets(byte[] bytes) {
    FuzzInput in = new FuzzInput(bytes);
    FecParams p = params(in);
    int max = in.intIn(1, 64);
    int window = p.r() * p.maxInterleave() + in.u8();
    boolean honest = in.bit();
    long salt = in.u32();
    long base = firstSeq(in, 1 << 20);
    LongFunction<byte[]> originals = seq -> original(seq, salt, max);
    FecHarness h = new FecHarness(p, max, window, honest ? originals : null);
    if (in.bit()) {
      h.forgetFromSink(in.u8());
    }
    while (!in.exhausted()) {
      int op = in.u8();
      switch (op % 5) {
        case 0 -> {
          long seq = seq(in, base);
          byte[] symbol =
              honest && seq >= 0 ? originals.apply(seq) : in.bytes(in.intIn(0, max + 1));
          h.data(seq, symbol, op >>> 3);
        }
        case 1 -> {
          long start = Math.max(0, seq(in, base));
          int count = in.intIn(1, 64);
          long lossMask = in.u64();
          for (int i = 0; i < count && start + i >= 0; i++) {
            if ((lossMask >>> i & 1) == 0) {
              h.data(start + i, originals.apply(start + i), op + i);
            }
          }
        }
        case 2 -> {
          RepairRecipe recipe = rawRecipe(in, base);
          if (recipe != null) {
            if (honest) {
              honestRepair(h, recipe, originals, op >>> 3);
            } else {
              int lengthXor = in.u8();
              h.repair(recipe, lengthXor, in.bytes(in.intIn(0, max + 1)), op >>> 3);
            }
          }
        }
        case 3 -> {
          int layer = in.u8() % p.c();
          int stride = p.interleave(layer);
          int count = in.intIn(1, p.r());
          long last = Long.MAX_VALUE - (long) (count - 1) * stride;
          long first = Math.min(Math.max(0, seq(in, base)), last);
          RepairRecipe recipe = new RepairRecipe(layer, first, stride, count);
          honestRepair(h, recipe, originals, op >>> 3);
        }
        default -> h.forgetBelow(seq(in, base));
      }
    }
    h.finish(false);
  }

  private static FecParams params(FuzzInput in) {
    int r = in.intIn(2, 8);
    int c = in.intIn(1, 3);
    int[] interleaves = new int[c];
    for (int j = 0; j < c; j++) {
      interleaves[j] = in.intIn(1, 12);
    }
    return new FecParams(r, c, interleaves);
  }

  /**
   * Start of the stream: zero, small, large, or just far enough below overflow for {@code span}.
   */
  private static long firstSeq(FuzzInput in, long span) {
    return switch (in.u8() % 4) {
      case 0 -> 0;
      case 1 -> in.u16();
      case 2 -> (1L << 40) + in.u32();
      default -> Long.MAX_VALUE - span - in.u16();
    };
  }

  /** Mostly near {@code base}; sometimes below it (possibly negative) or anywhere at all. */
  private static long seq(FuzzInput in, long base) {
    int mode = in.u8() % 8;
    if (mode == 6) {
      return base - in.u8();
    }
    if (mode == 7) {
      return in.u64();
    }
    return base + in.u16() % 1024;
  }

  /**
   * A recipe from raw fuzz fields; when they break {@link RepairRecipe}'s documented rules the
   * constructor must throw {@link IllegalArgumentException}, and the harness returns {@code null}.
   */
  private static RepairRecipe rawRecipe(FuzzInput in, long base) {
    int layer = in.u8() % 9;
    long first = seq(in, base);
    int stride = in.bit() ? (int) in.u32() : in.intIn(0, 300);
    int count = in.intIn(0, 65);
    boolean valid =
        layer < RepairRecipe.MAX_LAYERS
            && first >= 0
            && stride >= 1
            && count >= 1
            && count <= RepairRecipe.MAX_COUNT
            && (long) (count - 1) * stride <= Long.MAX_VALUE - first;
    if (!valid) {
      assertThrows(
          IllegalArgumentException.class, () -> new RepairRecipe(layer, first, stride, count));
      return null;
    }
    return new RepairRecipe(layer, first, stride, count);
  }

  private static void honestRepair(
      FecHarness h, RepairRecipe recipe, LongFunction<byte[]> originals, int bufferKind) {
    byte[][] members = new byte[recipe.count()][];
    int len = 0;
    int lengthXor = 0;
    for (int i = 0; i < recipe.count(); i++) {
      members[i] = originals.apply(recipe.seqAt(i));
      len = Math.max(len, members[i].length);
      lengthXor ^= members[i].length;
    }
    byte[] xor = new byte[len];
    for (byte[] m : members) {
      for (int b = 0; b < m.length; b++) {
        xor[b] ^= m[b];
      }
    }
    h.repair(recipe, lengthXor, xor, bufferKind);
  }

  /** The symbol of {@code seq} in honest mode: 1..max pseudo-random bytes, a function of seq. */
  private static byte[] original(long seq, long salt, int max) {
    SplittableRandom random = new SplittableRandom(seq * 0x9E3779B97F4A7C15L ^ salt);
    byte[] symbol = new byte[1 + random.nextInt(max)];
    random.nextBytes(symbol);
    return symbol;
  }

  private record Repair(RepairRecipe recipe, int lengthXor, byte[] xor) {}

  /** Data seqs (as {@code Long}) and {@link Repair}s in transmission order. */
  private static List<Object> encode(
      FecParams p, int maxSymbolBytes, long first, byte[][] symbols, long lingerNanos) {
    List<Object> events = new ArrayList<>();
    CountingAllocator allocator = new CountingAllocator();
    LayeredEncoder encoder =
        new LayeredEncoder(
            p,
            maxSymbolBytes,
            (recipe, lengthXor, xor) -> {
              try {
                byte[] copy = new byte[xor.readableBytes()];
                xor.getBytes(xor.readerIndex(), copy);
                events.add(new Repair(recipe, lengthXor, copy));
              } finally {
                xor.release();
              }
            },
            allocator);
    encoder.setLingerNanos(lingerNanos);
    for (int i = 0; i < symbols.length; i++) {
      long now = i * 1_000L;
      events.add(first + i);
      ByteBuf buf = Unpooled.wrappedBuffer(symbols[i]);
      encoder.onData(first + i, buf, now);
      encoder.flushLingering(now);
    }
    encoder.flushAll();
    allocator.assertAllReleased();
    return events;
  }

  private static void deliver(
      FecHarness h, Object event, long first, byte[][] symbols, int bufferKind) {
    if (event instanceof Repair repair) {
      h.repair(repair.recipe(), repair.lengthXor(), repair.xor().clone(), bufferKind);
    } else {
      long seq = (Long) event;
      h.data(seq, symbols[(int) (seq - first)], bufferKind);
    }
  }
}
