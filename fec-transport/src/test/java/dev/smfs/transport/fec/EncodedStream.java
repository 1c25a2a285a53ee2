package dev.smfs.transport.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of data symbols run through a {@link LayeredEncoder}, recorded in transmission
 * order (each repair right after the data packet that completed it), with heap copies of every
 * repair so tests can replay it into decoders any number of times.
 */
final class EncodedStream {

  /** One packet on the wire: data {@code seq}, or repair number {@code repair}. */
  record Event(boolean isRepair, long seq, int repair) {}

  record Repair(RepairRecipe recipe, int lengthXor, byte[] xor) {}

  final FecParams params;
  final long firstSeq;
  final byte[][] symbols;
  final List<Repair> repairs = new ArrayList<>();
  final List<Event> events = new ArrayList<>();

  private EncodedStream(FecParams params, long firstSeq, byte[][] symbols) {
    this.params = params;
    this.firstSeq = firstSeq;
    this.symbols = symbols;
  }

  /**
   * Encodes {@code n} random symbols of 1..maxSymbolBytes bytes (half of them full size) starting
   * at {@code firstSeq}, one packet per microsecond, flushing lingering groups after each packet
   * and everything at the end.
   */
  static EncodedStream encode(FecParams p, int maxSymbolBytes, long firstSeq, int n, long seed) {
    Random random = new Random(seed);
    byte[][] symbols = new byte[n][];
    for (int i = 0; i < n; i++) {
      int len = random.nextBoolean() ? maxSymbolBytes : 1 + random.nextInt(maxSymbolBytes);
      symbols[i] = new byte[len];
      random.nextBytes(symbols[i]);
    }
    EncodedStream stream = new EncodedStream(p, firstSeq, symbols);
    LayeredEncoder encoder =
        new LayeredEncoder(
            p,
            maxSymbolBytes,
            (recipe, lengthXor, xor) -> {
              try {
                byte[] bytes = new byte[xor.readableBytes()];
                xor.readBytes(bytes);
                stream.events.add(new Event(true, -1, stream.repairs.size()));
                stream.repairs.add(new Repair(recipe, lengthXor, bytes));
              } finally {
                xor.release();
              }
            });
    for (int i = 0; i < n; i++) {
      long seq = firstSeq + i;
      long now = i * 1_000L;
      stream.events.add(new Event(false, seq, -1));
      ByteBuf buf = Unpooled.wrappedBuffer(symbols[i]);
      try {
        encoder.onData(seq, buf, now);
      } finally {
        buf.release();
      }
      encoder.flushLingering(now);
    }
    encoder.flushAll();
    return stream;
  }

  byte[] symbol(long seq) {
    return symbols[(int) (seq - firstSeq)];
  }

  long lastSeq() {
    return firstSeq + symbols.length - 1;
  }
}
