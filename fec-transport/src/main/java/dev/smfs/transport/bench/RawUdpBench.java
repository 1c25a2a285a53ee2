package dev.smfs.transport.bench;

import dev.smfs.transport.wan.Direction;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanCounters;
import dev.smfs.transport.wan.WanEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plain UDP through the emulator, no session: one thread sends patterned payloads as fast as it can
 * (or at the link's rate cap, if there is one), one thread receives and checks them. What arrives
 * per second is the ceiling of the emulated path on this machine.
 */
final class RawUdpBench {
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final int SOCKET_BUFFER_BYTES = 4 << 20;

  /**
   * @param sent datagrams sent
   * @param received datagrams received (each at most once counted)
   * @param receivedBytes payload bytes received
   * @param corrupt datagrams whose bytes did not match their sequence number
   * @param duplicates datagrams received more than once
   * @param seconds from the first send to the last receive
   * @param latency one-way latency of received datagrams
   * @param link counters of the emulator's data direction
   * @param cpuNanosByRole CPU time of the phase's threads by role (sender, receiver, emulator)
   */
  record Result(
      long sent,
      long received,
      long receivedBytes,
      long corrupt,
      long duplicates,
      double seconds,
      LatencyHistogram latency,
      WanCounters.Snapshot link,
      Map<String, Long> cpuNanosByRole) {
    double mbps() {
      return seconds > 0 ? receivedBytes * 8 / seconds / 1e6 : 0;
    }
  }

  private RawUdpBench() {}

  static Result run(TransportBenchConfig config) throws IOException, InterruptedException {
    PayloadPattern pattern = new PayloadPattern(config.payloadBytes(), config.seed());
    try (DatagramChannel receiverChannel = open().bind(LOOPBACK);
        WanEmulator emulator =
            WanEmulator.start(
                WanConfig.symmetric(
                    LOOPBACK,
                    (InetSocketAddress) receiverChannel.getLocalAddress(),
                    config.link()));
        DatagramChannel senderChannel = open().bind(LOOPBACK)) {
      senderChannel.connect(emulator.listenAddress());
      Receiver receiver = new Receiver(receiverChannel, pattern);
      Thread receiverThread = new Thread(receiver, "bench-raw-receiver");
      receiverThread.setDaemon(true);
      receiverThread.start();

      long start = System.nanoTime();
      long senderCpu = ThreadCpu.currentThread();
      long sent = send(senderChannel, pattern, config, start);
      senderCpu = ThreadCpu.currentThread() - senderCpu;
      // Let the delay line drain: the longest delay plus margin for the receiver to catch up.
      long drainNanos =
          TimeUnit.MILLISECONDS.toNanos(
              (long) (config.link().delayMs() + config.link().jitterMs()) + 300);
      LockSupport.parkNanos(drainNanos);
      Map<String, Long> cpu = ThreadCpu.byRole();
      cpu.put("sender", senderCpu);
      receiverChannel.close();
      receiverThread.join(TimeUnit.SECONDS.toMillis(10));
      double seconds = Math.max(0, receiver.lastReceiveNanos - start) / 1e9;
      return new Result(
          sent,
          receiver.received,
          receiver.bytes,
          receiver.corrupt,
          receiver.duplicates,
          seconds,
          receiver.latency,
          emulator.counters(Direction.UPSTREAM),
          cpu);
    }
  }

  private static DatagramChannel open() throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    return ch;
  }

  /** Sends for the configured seconds; paced to the rate cap if the link has one. */
  private static long send(
      DatagramChannel channel, PayloadPattern pattern, TransportBenchConfig config, long start)
      throws IOException {
    long end = start + (long) (config.seconds() * 1e9);
    Double rate = config.link().rateMbit();
    double nanosPerPacket = rate == null ? 0 : pattern.size() * 8_000.0 / rate;
    ByteBuffer buffer = ByteBuffer.allocateDirect(pattern.size());
    long sequence = 0;
    while (true) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        return sequence;
      }
      if (nanosPerPacket > 0) {
        long due = start + (long) (sequence * nanosPerPacket);
        if (due - now > 0) {
          LockSupport.parkNanos(due - now);
          continue;
        }
      }
      buffer.clear();
      pattern.write(buffer, sequence, now);
      buffer.flip();
      channel.write(buffer);
      sequence++;
    }
  }

  /** Receives until its channel is closed; fields are read after the thread has ended. */
  private static final class Receiver implements Runnable {
    private final DatagramChannel channel;
    private final PayloadPattern pattern;
    private final BitSet seen = new BitSet();
    private final LatencyHistogram latency = new LatencyHistogram();
    private long received;
    private long bytes;
    private long corrupt;
    private long duplicates;
    private long lastReceiveNanos;

    Receiver(DatagramChannel channel, PayloadPattern pattern) {
      this.channel = channel;
      this.pattern = pattern;
    }

    @Override
    public void run() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
      try {
        while (true) {
          buffer.clear();
          channel.receive(buffer);
          long now = System.nanoTime();
          buffer.flip();
          if (!pattern.verify(buffer)) {
            corrupt++;
            continue;
          }
          long sequence = PayloadPattern.sequence(buffer);
          if (sequence < 0 || sequence > Integer.MAX_VALUE || seen.get((int) sequence)) {
            duplicates++;
            continue;
          }
          seen.set((int) sequence);
          received++;
          bytes += buffer.remaining();
          lastReceiveNanos = now;
          latency.recordNanos(now - PayloadPattern.sendNanos(buffer));
        }
      } catch (AsynchronousCloseException e) {
        // Closed by the benchmark: the run is over.
      } catch (IOException e) {
        throw new IllegalStateException("raw receiver failed: " + e, e);
      }
    }
  }
}
