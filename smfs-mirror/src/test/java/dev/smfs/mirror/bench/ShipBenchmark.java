package dev.smfs.mirror.bench;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.session.SendProgress;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionConfig;
import dev.smfs.transport.session.StreamListener;
import dev.smfs.transport.session.TransportClient;
import dev.smfs.transport.session.TransportOptions;
import dev.smfs.transport.session.TransportServer;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanEmulator;
import dev.smfs.transport.wan.WanProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replication throughput and latency through the WAN emulator, printed, not asserted (see the
 * figures in the r-perf report). Run from the repository root after {@code mvn -o test-compile}:
 *
 * <pre>
 * java [-Dwindow=PACKETS] -cp CLASSPATH dev.smfs.mirror.bench.ShipBenchmark \
 *     MODE [MiB|packets] [delayMs=25] [rateMbit=session default] [loss=0] [writeKiB=64] [LEVEL=ASYNC]
 * </pre>
 *
 * <ul>
 *   <li>{@code cluster}: {@link MiniCluster} (both ends on the given session settings), the primary
 *       at LEVEL writing MiB in writeKiB writes; time until the mirror's durable LSN reaches the
 *       primary's last LSN.
 *   <li>{@code bare-shipper}: a bare session with the shipper's (MiniCluster) session settings,
 *       blocking {@code send} of full packets from one thread; time to send and to ACKED.
 *   <li>{@code bare-bench}: the same with {@link SessionConfig#defaults()} (SessionBench's base).
 *   <li>{@code bare-cover}: latency of "send N packets, await COVERED(c) of the last", which is
 *       what a network-sync write of N packets waits for.
 * </ul>
 */
public final class ShipBenchmark {
  private ShipBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "cluster";
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    double delayMs = args.length > 2 ? Double.parseDouble(args[2]) : 25;
    long rateMbit = args.length > 3 ? Long.parseLong(args[3]) : 0;
    double loss = args.length > 4 ? Double.parseDouble(args[4]) : 0;
    int writeKib = args.length > 5 ? Integer.parseInt(args[5]) : 64;
    SafetyLevel level = args.length > 6 ? SafetyLevel.valueOf(args[6]) : SafetyLevel.ASYNC;
    WanProfile profile = WanProfile.PERFECT.withDelayMs(delayMs).withLoss(loss).withSeed(7);
    SessionConfig shipper = MiniCluster.SESSION;
    SessionConfig bench = SessionConfig.defaults();
    int window = Integer.getInteger("window", 0);
    if (window > 0) {
      shipper = shipper.withWindowPackets(window);
      bench = bench.withWindowPackets(window);
    }
    if (rateMbit > 0) {
      shipper = shipper.withRateBitsPerSecond(rateMbit * 1_000_000);
      bench = bench.withRateBitsPerSecond(rateMbit * 1_000_000);
    }
    switch (mode) {
      case "cluster" -> cluster(shipper, level, mib, writeKib, profile);
      case "bare-shipper" -> bare(shipper, mib, profile);
      case "bare-bench" -> bare(bench, mib, profile);
      case "bare-cover" -> bareCover(shipper, mib, profile);
      default -> throw new IllegalArgumentException("mode=" + mode);
    }
    System.exit(0);
  }

  private static void cluster(
      SessionConfig session, SafetyLevel level, int mib, int writeKib, WanProfile profile)
      throws Exception {
    Path root = Files.createTempDirectory("shipbench");
    try (MiniCluster c = MiniCluster.start(root, profile, TransportOptions.defaults(), session)) {
      runCluster(c, session, level, mib, writeKib, profile);
    } finally {
      try (java.util.stream.Stream<Path> files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void runCluster(
      MiniCluster c,
      SessionConfig session,
      SafetyLevel level,
      int mib,
      int writeKib,
      WanProfile profile)
      throws Exception {
    c.setLevel(level, 3, Duration.ofSeconds(30));
    InodeAttr f = c.primary().create(Volume.ROOT, "f", 0644, 0, 0);
    byte[] block = new byte[writeKib << 10];
    new java.util.Random(1).nextBytes(block);
    long firstLsn = c.primary().lastLsn();
    long t0 = System.nanoTime();
    int writes = (mib << 10) / writeKib;
    for (int i = 0; i < writes; i++) {
      c.primary().write(f.ino(), (long) i * block.length, ByteBuffer.wrap(block));
    }
    long t1 = System.nanoTime();
    long last = c.primary().lastLsn();
    c.shipped().kick();
    c.shipped().durable(last).get(600, TimeUnit.SECONDS);
    long t2 = System.nanoTime();
    long records = last - firstLsn;
    double bytes = (double) mib * (1 << 20);
    System.out.printf(
        "cluster %s window=%d rate=%dMbit delay=%.0fms loss=%.3f MiB=%d writeKiB=%d"
            + " records=%d write=%.2fs durable=%.2fs -> %.1f MB/s %.0f records/s%n",
        level,
        session.windowPackets(),
        session.rateBitsPerSecond() / 1_000_000,
        profile.delayMs(),
        profile.loss(),
        mib,
        writeKib,
        records,
        (t1 - t0) / 1e9,
        (t2 - t0) / 1e9,
        bytes / 1e6 / ((t2 - t0) / 1e9),
        records / ((t2 - t0) / 1e9));
  }

  /** Latency of "send {@code packets} packets, await COVERED(c) of the last", 200 times. */
  private static void bareCover(SessionConfig config, int packets, WanProfile profile)
      throws Exception {
    InetSocketAddress lo = new InetSocketAddress("127.0.0.1", 0);
    StreamListener listener = (s, streamId, seq, payload) -> {};
    try (TransportServer server =
            TransportServer.bind(lo, config, (s, t) -> listener, TransportOptions.defaults());
        WanEmulator wan =
            WanEmulator.start(WanConfig.symmetric(lo, server.localAddress(), profile))) {
      Session s =
          TransportClient.connect(
                  wan.listenAddress(), new byte[0], config, listener, TransportOptions.defaults())
              .get(10, TimeUnit.SECONDS);
      byte[] p = new byte[s.maxPayloadBytes()];
      int k = config.fec().c();
      int rounds = 200;
      long total = 0;
      long max = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        long seq = -1;
        for (int i = 0; i < packets; i++) {
          seq = s.send(1, Unpooled.wrappedBuffer(p));
        }
        s.progress().await(SendProgress.Stage.COVERED, k, seq).get(10, TimeUnit.SECONDS);
        long d = System.nanoTime() - t0;
        total += d;
        max = Math.max(max, d);
      }
      System.out.printf(
          "bare-cover packets=%d k=%d linger=%s rounds=%d mean=%.2fms max=%.2fms%n",
          packets, k, config.linger(), rounds, total / 1e6 / rounds, max / 1e6);
      s.close();
    }
  }

  private static void bare(SessionConfig config, int mib, WanProfile profile) throws Exception {
    InetSocketAddress lo = new InetSocketAddress("127.0.0.1", 0);
    AtomicLong received = new AtomicLong();
    StreamListener listener =
        new StreamListener() {
          @Override
          public void onData(Session s, int streamId, long seq, ByteBuf payload) {
            received.addAndGet(payload.readableBytes());
          }
        };
    try (TransportServer server =
            TransportServer.bind(lo, config, (s, t) -> listener, TransportOptions.defaults());
        WanEmulator wan =
            WanEmulator.start(WanConfig.symmetric(lo, server.localAddress(), profile))) {
      Session s =
          TransportClient.connect(
                  wan.listenAddress(), new byte[0], config, listener, TransportOptions.defaults())
              .get(10, TimeUnit.SECONDS);
      byte[] p = new byte[s.maxPayloadBytes()];
      long packets = ((long) mib << 20) / p.length;
      long t0 = System.nanoTime();
      long seq = -1;
      for (long i = 0; i < packets; i++) {
        seq = s.send(1, Unpooled.wrappedBuffer(p));
      }
      long t1 = System.nanoTime();
      s.progress().await(SendProgress.Stage.ACKED, 0, seq).get(600, TimeUnit.SECONDS);
      long t2 = System.nanoTime();
      double mb = packets * p.length / 1e6;
      System.out.printf(
          "bare window=%d rate=%dMbit loss=%.3f packets=%d x %dB send=%.2fs acked=%.2fs -> %.1f MB/s%n",
          config.windowPackets(),
          config.rateBitsPerSecond() / 1_000_000,
          profile.loss(),
          packets,
          p.length,
          (t1 - t0) / 1e9,
          (t2 - t0) / 1e9,
          mb / ((t2 - t0) / 1e9));
      s.close();
    }
  }
}
