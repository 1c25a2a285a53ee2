package dev.smfs.server.bench;

import dev.smfs.server.log.Appended;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.LogScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Log append throughput when every append waits for durability, against a plain FileChannel write +
 * force(false) loop on the same directory with one fsync per write. Plain main program: the numbers
 * are fsync-bound, so JMH's machinery adds nothing.
 *
 * <p>Usage: {@code LogAppendBenchmark [dir] [secondsPerRun] [rounds]} (defaults: a temp dir under
 * /tmp, 1, 5). Run from the repository root after {@code mvn -B -o -q -pl smfs-server -am
 * test-compile}:
 *
 * <pre>
 * java -cp smfs-server/target/classes:smfs-server/target/test-classes:$(find ~/.m2/repository/io/micrometer \
 *   -name 'micrometer-*-1.16.0.jar' | tr '\n' :) dev.smfs.server.bench.LogAppendBenchmark /tmp 0.5 11
 * </pre>
 *
 * <p>Variants run interleaved round by round; each line reports the median round. The per-round
 * ratios of the one-writer runs are printed too, since on a shared machine single fsync latency
 * varies several-fold from one second to the next.
 */
public final class LogAppendBenchmark {
  private static final int BIG = 128 << 10;
  private static final int SMALL = 4 << 10;

  private LogAppendBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path base = args.length > 0 ? Path.of(args[0]) : Path.of("/tmp");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path root = Files.createTempDirectory(base, "smfs-log-bench");
    try {
      System.out.printf(
          Locale.ROOT, "dir=%s secondsPerRun=%.1f rounds=%d%n", root, seconds, rounds);
      // Runs are interleaved round by round so that drift in a shared machine's disk hits every
      // variant alike; the median round is reported.
      List<List<Result>> results = new ArrayList<>();
      String[] names = {
        "plain write+force 128KiB",
        "log 1 writer 128KiB",
        "log 8 writers 128KiB",
        "plain write+force 4KiB",
        "log 1 writer 4KiB",
        "log 8 writers 4KiB"
      };
      for (int i = 0; i < names.length; i++) {
        results.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        Path d = root.resolve("round-" + r);
        results.get(0).add(plainLoop(d.resolve("plain-big"), BIG, seconds));
        results.get(1).add(logRun(d.resolve("log1-big"), BIG, 1, seconds));
        results.get(2).add(logRun(d.resolve("log8-big"), BIG, 8, seconds));
        results.get(3).add(plainLoop(d.resolve("plain-small"), SMALL, seconds));
        results.get(4).add(logRun(d.resolve("log1-small"), SMALL, 1, seconds));
        results.get(5).add(logRun(d.resolve("log8-small"), SMALL, 8, seconds));
        deleteTree(d);
      }
      for (int i = 0; i < names.length; i++) {
        int baseline = i < 3 ? 0 : 3;
        print(names[i], median(results.get(i)), median(results.get(baseline)));
      }
      for (int i : new int[] {1, 4}) {
        int baseline = i < 3 ? 0 : 3;
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          ratios.add(
              results.get(i).get(r).mibPerSecond() / results.get(baseline).get(r).mibPerSecond());
        }
        ratios.sort(null);
        System.out.printf(
            Locale.ROOT,
            "%s / plain, per round: %s median=%.2f%n",
            names[i],
            ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList(),
            ratios.get(ratios.size() / 2));
      }
      // CPU cost of the append path alone (no fsync): what the log adds to each write.
      print(
          "plain write only 128KiB",
          plainLoop(root.resolve("nosync-plain"), BIG, seconds, false),
          median(results.get(0)));
      print(
          "log append only 128KiB",
          logRun(root.resolve("nosync-log"), BIG, 1, seconds, false),
          median(results.get(0)));
      scanRun(root.resolve("scan"), SMALL, 64 << 20);
    } finally {
      deleteTree(root);
    }
  }

  /** Replay speed: writes {@code total} bytes of records without syncing each, then scans them. */
  private static void scanRun(Path dir, int size, long total) throws IOException {
    ByteBuffer data = payload(size);
    long count = total / size;
    try (Log log = Log.open(dir, LogConfig.defaults())) {
      for (long i = 0; i < count; i++) {
        log.append(1, data);
      }
    }
    try (Log log = Log.open(dir, LogConfig.defaults())) {
      long start = System.nanoTime();
      long records = 0;
      long bytes = 0;
      try (LogScanner s = log.scan(1)) {
        while (s.hasNext()) {
          bytes += s.next().payload().remaining();
          records++;
        }
      }
      long nanos = System.nanoTime() - start;
      System.out.printf(
          Locale.ROOT,
          "scan %dKiB records (page cache)  %9.1f MiB/s %10.0f records/s (records=%d)%n",
          size >> 10,
          bytes / (1024.0 * 1024.0) / (nanos / 1e9),
          records / (nanos / 1e9),
          records);
    }
  }

  private static Result median(List<Result> rs) {
    List<Result> sorted = new ArrayList<>(rs);
    sorted.sort(Comparator.comparingDouble(Result::mibPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  record Result(long records, long bytes, long nanos, long syncs) {
    double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    double recordsPerSecond() {
      return records / (nanos / 1e9);
    }
  }

  private static void print(String name, Result r, Result baseline) {
    String perSync =
        r.syncs() == 0
            ? "    -"
            : String.format(Locale.ROOT, "%5.2f", (double) r.records() / r.syncs());
    System.out.printf(
        Locale.ROOT,
        "%-26s %9.1f MiB/s %10.0f appends/s  syncs=%-6d records/sync=%s  ratio_vs_plain=%.2f%n",
        name,
        r.mibPerSecond(),
        r.recordsPerSecond(),
        r.syncs(),
        perSync,
        r.mibPerSecond() / baseline.mibPerSecond());
  }

  private static ByteBuffer payload(int size) {
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    for (int i = 0; i < size; i++) {
      b.put(i, (byte) (i * 31));
    }
    return b;
  }

  private static Result plainLoop(Path dir, int size, double seconds) throws IOException {
    return plainLoop(dir, size, seconds, true);
  }

  private static Result plainLoop(Path dir, int size, double seconds, boolean sync)
      throws IOException {
    Files.createDirectories(dir);
    ByteBuffer data = payload(size);
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("plain.dat"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long records = 0;
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      long now;
      do {
        ByteBuffer b = data.duplicate();
        while (b.hasRemaining()) {
          ch.write(b);
        }
        if (sync) {
          ch.force(false);
        }
        records++;
        now = System.nanoTime();
      } while (now < deadline);
      return new Result(records, records * size, now - start, sync ? records : 0);
    }
  }

  private static Result logRun(Path dir, int size, int writers, double seconds) throws Exception {
    return logRun(dir, size, writers, seconds, true);
  }

  private static Result logRun(Path dir, int size, int writers, double seconds, boolean sync)
      throws Exception {
    ByteBuffer data = payload(size);
    AtomicLong syncs = new AtomicLong();
    try (Log log = Log.open(dir, LogConfig.defaults())) {
      log.setDurabilityListener(lsn -> syncs.incrementAndGet());
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      AtomicLong records = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    while (System.nanoTime() < deadline) {
                      Appended a = log.append(1, data);
                      if (sync) {
                        log.awaitDurable(a.lsn());
                      }
                      records.incrementAndGet();
                    }
                  } catch (IOException | RuntimeException e) {
                    synchronized (errors) {
                      errors.add(e);
                    }
                  }
                },
                "bench-writer-" + t);
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      long nanos = System.nanoTime() - start;
      if (!errors.isEmpty()) {
        throw new IllegalStateException("writer failed", errors.get(0));
      }
      return new Result(records.get(), records.get() * size, nanos, syncs.get());
    }
  }
}
