package dev.smfs.transport.bench;

import dev.smfs.transport.crypto.AuthenticationException;
import dev.smfs.transport.crypto.KeyRing;
import dev.smfs.transport.crypto.SealedFrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of AES-256-GCM sealing per datagram on one core (direct pooled buffers, as on the socket
 * path): seal (fresh nonce, header, encrypt, tag) and open (header, decrypt, verify). Reports
 * nanoseconds per datagram; MB/s = bytes / ns * 1000. Run: {@code fec-transport/jmh.sh PacketSeal}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PacketSealBenchmark {
  @Param({"1400"})
  public int bytes;

  /** Direct buffers as on the socket path, or heap buffers (the JDK cipher's array fast path). */
  @Param({"true", "false"})
  public boolean direct;

  private final SealedFrameCodec codec = new SealedFrameCodec();
  private PooledByteBufAllocator alloc;
  private KeyRing ring;
  private ByteBuf plain;
  private ByteBuf sealed;
  private long counter;

  @Setup
  public void setUp() {
    alloc = new PooledByteBufAllocator(direct);
    byte[] key = new byte[32];
    Random random = new Random(42);
    random.nextBytes(key);
    ring = new KeyRing(List.of(KeyRing.Key.of(1, key)));
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    plain = (direct ? alloc.directBuffer(bytes) : alloc.heapBuffer(bytes)).writeBytes(b);
    sealed = codec.seal(alloc, ring.sending(), 7, counter++, plain);
  }

  @TearDown
  public void tearDown() {
    plain.release();
    sealed.release();
  }

  @Benchmark
  public int seal() {
    ByteBuf out = codec.seal(alloc, ring.sending(), 7, counter++, plain);
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public int open() throws AuthenticationException {
    ByteBuf out = codec.open(alloc, ring, sealed);
    int n = out.readableBytes();
    out.release();
    return n;
  }
}
