package dev.smfs.transport.bench;

import dev.smfs.transport.wan.Direction;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanEmulator;
import dev.smfs.transport.wan.WanProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the emulator's own cost: paces datagrams through it at a fixed rate and reports how many
 * arrived and the CPU time of the upstream relay thread per datagram. Not a test; run with {@code
 * java -cp ... dev.smfs.transport.bench.WanEmulatorThroughputBenchmark [pps] [seconds] [delayMs]
 * [size]}.
 */
public final class WanEmulatorThroughputBenchmark {
  private WanEmulatorThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    long pps = args.length > 0 ? Long.parseLong(args[0]) : 90_000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    double delayMs = args.length > 2 ? Double.parseDouble(args[2]) : 25;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 1400;
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 0);
    try (DatagramChannel receiver = DatagramChannel.open().bind(local);
        WanEmulator emu =
            WanEmulator.start(
                WanConfig.symmetric(
                    local,
                    (InetSocketAddress) receiver.getLocalAddress(),
                    WanProfile.PERFECT.withDelayMs(delayMs)));
        DatagramChannel sender = DatagramChannel.open().bind(local)) {
      receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      sender.connect(emu.listenAddress());
      AtomicLong received = new AtomicLong();
      LatencyHistogram latency = new LatencyHistogram();
      Thread rx =
          new Thread(
              () -> {
                ByteBuffer b = ByteBuffer.allocateDirect(65_536);
                try {
                  while (true) {
                    b.clear();
                    receiver.receive(b);
                    latency.recordNanos(System.nanoTime() - b.getLong(8));
                    received.lazySet(received.get() + 1);
                  }
                } catch (AsynchronousCloseException e) {
                  // done
                } catch (Exception e) {
                  e.printStackTrace();
                }
              });
      rx.start();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long upId = threadId("wan-emu-relay"); // both directions run on this thread
      long cpu0 = mx.getThreadCpuTime(upId);
      ByteBuffer out = ByteBuffer.allocateDirect(size);
      long start = System.nanoTime();
      long total = (long) (pps * seconds);
      double gap = 1e9 / pps;
      for (long i = 0; i < total; i++) {
        long due = start + (long) (i * gap);
        long now;
        while ((now = System.nanoTime()) < due) {
          if (due - now > 20_000) {
            LockSupport.parkNanos(due - now - 10_000);
          }
        }
        out.clear();
        out.putLong(0, i);
        out.putLong(8, System.nanoTime());
        sender.write(out);
      }
      double sendSeconds = (System.nanoTime() - start) / 1e9;
      LockSupport.parkNanos((long) ((delayMs + 300) * 1e6));
      long cpu1 = mx.getThreadCpuTime(upId);
      receiver.close();
      rx.join();
      var up = emu.counters(Direction.UPSTREAM);
      System.out.printf(
          Locale.ROOT,
          "offered %d pps for %.2f s (%.0f pps achieved): emulator received %d, forwarded %d,"
              + " receiver got %d (%.1f Mbit/s payload); upstream thread CPU %.2f us/datagram"
              + " (%.0f%% of a core); one-way latency p50 %.3f ms p99 %.3f ms max %.3f ms%n",
          pps,
          seconds,
          total / sendSeconds,
          up.received(),
          up.forwarded(),
          received.get(),
          received.get() * size * 8 / sendSeconds / 1e6,
          (cpu1 - cpu0) / 1e3 / Math.max(1, up.received()),
          100.0 * (cpu1 - cpu0) / 1e9 / sendSeconds,
          latency.quantileMillis(0.5),
          latency.quantileMillis(0.99),
          latency.maxMillis());
    }
  }

  private static long threadId(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.getId();
      }
    }
    throw new IllegalStateException("no thread " + name);
  }
}
