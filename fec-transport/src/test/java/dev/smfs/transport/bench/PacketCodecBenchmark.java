package dev.smfs.transport.bench;

import dev.smfs.transport.codec.MalformedPacketException;
import dev.smfs.transport.codec.Packet;
import dev.smfs.transport.codec.PacketCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the wire codec per full-size DATA packet (1400-byte datagram, direct pooled buffers):
 * encode (header, payload copy, CRC32C) and decode (checks, CRC32C, retained slice). Reports
 * nanoseconds per packet. Run: {@code fec-transport/jmh.sh PacketCodec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PacketCodecBenchmark {
  private final PacketCodec codec = new PacketCodec(1400);
  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private ByteBuf payload;
  private ByteBuf packet;
  private long seq;

  @Setup
  public void setUp() {
    byte[] bytes = new byte[codec.maxPayloadBytes()];
    new Random(42).nextBytes(bytes);
    payload = alloc.directBuffer(bytes.length).writeBytes(bytes);
    packet = codec.encodeData(alloc, 1, 0, 7, payload);
  }

  @TearDown
  public void tearDown() {
    payload.release();
    packet.release();
  }

  @Benchmark
  public int encodeData() {
    ByteBuf out = codec.encodeData(alloc, 1, seq++, 7, payload);
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public long decodeData() throws MalformedPacketException {
    Packet p = codec.decode(packet);
    long s = p.sessionId();
    p.release();
    return s;
  }
}
