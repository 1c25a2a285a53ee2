package dev.smfs.transport.bench;

import dev.smfs.transport.fec.FecDecoder;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.LayeredEncoder;
import dev.smfs.transport.fec.RepairRecipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoder throughput at 1 % seeded Bernoulli loss (data and repairs alike), single thread, (8, 3),
 * interleaves (1, 10, 100), 1400-byte symbols, window 4096.
 *
 * <p>A stream of {@link #PACKETS} packets is encoded once; each invocation replays it shifted by a
 * multiple of {@link #PACKETS} (symbol content repeats with period {@link #DISTINCT}, a divisor),
 * so the decoder sees one endless stream. One operation is one byte of the original data stream and
 * the unit is microseconds: the score reads as MB/s of data. Repairs are handed over as retained
 * duplicates of pooled direct buffers, as a receiver would hand over a slice of a datagram. Each
 * iteration also prints throughput per CPU-second of the benchmark thread ({@link CpuThroughput}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
public class FecDecodeBenchmark {

  static final int SYMBOL_BYTES = 1400;
  static final int DISTINCT = 1024;
  static final int PACKETS = 32 * DISTINCT;
  static final double LOSS = 0.01;

  private ByteBuf[] symbols;
  private final List<RepairRecipe> recipes = new ArrayList<>();
  private final List<Integer> lengthXors = new ArrayList<>();
  private final List<ByteBuf> repairs = new ArrayList<>();

  /** Events in wire order: {@code >= 0} data seq offset, {@code < 0} repair number {@code -1-e}. */
  private int[] events;

  private FecDecoder decoder;
  private long pass;
  private long lostData;

  @Setup(Level.Trial)
  public void setUp() {
    PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    Random random = new Random(7);
    symbols = new ByteBuf[DISTINCT];
    byte[] bytes = new byte[SYMBOL_BYTES];
    for (int i = 0; i < DISTINCT; i++) {
      random.nextBytes(bytes);
      symbols[i] = alloc.directBuffer(SYMBOL_BYTES).writeBytes(bytes);
    }
    List<Integer> wire = new ArrayList<>();
    LayeredEncoder encoder =
        new LayeredEncoder(
            FecParams.defaults(),
            SYMBOL_BYTES,
            (recipe, lengthXor, xor) -> {
              wire.add(-1 - repairs.size());
              recipes.add(recipe);
              lengthXors.add(lengthXor);
              repairs.add(xor);
            },
            alloc);
    for (int s = 0; s < PACKETS; s++) {
      wire.add(s);
      encoder.onData(s, symbols[s % DISTINCT], s);
    }
    encoder.flushAll();
    Random loss = new Random(11);
    events =
        wire.stream().filter(e -> loss.nextDouble() >= LOSS).mapToInt(Integer::intValue).toArray();
    lostData = PACKETS - java.util.Arrays.stream(events).filter(e -> e >= 0).count();
    decoder =
        new FecDecoder(
            FecParams.defaults(), SYMBOL_BYTES, 4096, (seq, sym) -> sym.release(), alloc);
  }

  private final CpuThroughput cpu = new CpuThroughput();

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(pass * PACKETS * SYMBOL_BYTES);
  }

  @TearDown(Level.Iteration)
  public void stopIteration() {
    cpu.stop("decode", pass * PACKETS * SYMBOL_BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (ByteBuf b : symbols) {
      b.release();
    }
    for (ByteBuf b : repairs) {
      b.release();
    }
    System.out.printf(
        "%npasses=%d lostDataPerPass=%d recoveredPerPass=%.1f useless=%d dropped=%d invalid=%d%n",
        pass,
        lostData,
        decoder.recovered() / (double) pass,
        decoder.repairsUseless(),
        decoder.dropped(),
        decoder.repairsInvalid());
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS * SYMBOL_BYTES)
  public long decode() {
    long base = pass * PACKETS;
    FecDecoder d = decoder;
    for (int e : events) {
      if (e >= 0) {
        d.onData(base + e, symbols[e % DISTINCT]);
      } else {
        int r = -1 - e;
        RepairRecipe rr = recipes.get(r);
        d.onRepair(
            new RepairRecipe(rr.layer(), base + rr.firstSeq(), rr.stride(), rr.count()),
            lengthXors.get(r),
            repairs.get(r).retainedDuplicate());
      }
    }
    pass++;
    return d.recovered();
  }
}
