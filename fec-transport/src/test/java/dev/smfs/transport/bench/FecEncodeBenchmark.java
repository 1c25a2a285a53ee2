package dev.smfs.transport.bench;

import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.LayeredEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoder throughput, single thread, (r, c) = (8, 3), interleaves (1, 10, 100), 1400-byte symbols.
 *
 * <p>One operation is one byte of data, and the unit is microseconds, so the score reads directly
 * as MB/s (10^6 bytes per second) of data encoded, repairs included (allocated from the pooled
 * allocator and released by the sink, as a sender would after writing them). Each iteration also
 * prints throughput per CPU-second of the benchmark thread ({@link CpuThroughput}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
public class FecEncodeBenchmark {

  static final int SYMBOL_BYTES = 1400;
  static final int PACKETS = 1024;

  @Param({"direct", "heap"})
  public String buffers;

  private ByteBuf[] symbols;
  private LayeredEncoder encoder;
  private long seq;
  private long repairBytes;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    symbols = new ByteBuf[PACKETS];
    byte[] bytes = new byte[SYMBOL_BYTES];
    for (int i = 0; i < PACKETS; i++) {
      random.nextBytes(bytes);
      symbols[i] =
          "heap".equals(buffers)
              ? alloc.heapBuffer(SYMBOL_BYTES).writeBytes(bytes)
              : alloc.directBuffer(SYMBOL_BYTES).writeBytes(bytes);
    }
    encoder =
        new LayeredEncoder(
            FecParams.defaults(),
            SYMBOL_BYTES,
            (recipe, lengthXor, xor) -> {
              repairBytes += xor.readableBytes();
              xor.release();
            },
            alloc);
  }

  private final CpuThroughput cpu = new CpuThroughput();

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(seq * SYMBOL_BYTES);
  }

  @TearDown(Level.Iteration)
  public void stopIteration() {
    cpu.stop("encode", seq * SYMBOL_BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoder.flushAll();
    for (ByteBuf b : symbols) {
      b.release();
    }
    System.out.printf(
        "%nencoded packets=%d repairBytes/dataBytes=%.3f%n",
        seq, repairBytes / (double) (seq * SYMBOL_BYTES));
  }

  @Benchmark
  @OperationsPerInvocation(PACKETS * SYMBOL_BYTES)
  public void encode(Blackhole bh) {
    for (int i = 0; i < PACKETS; i++) {
      encoder.onData(seq, symbols[i], seq);
      seq++;
    }
    bh.consume(encoder.repairsEmitted());
  }
}
