package dev.smfs.server.bench;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * In-process figures of {@link LogVolume} write and read paths, as the FUSE adapter drives them (a
 * main, not a test; one line per figure):
 *
 * <ul>
 *   <li>sequential 128 KiB and 1 MiB writes to one file from a direct buffer, at ASYNC and
 *       LOCAL_SYNC (µs per call and MiB/s);
 *   <li>random 4 KiB overwrites at ASYNC;
 *   <li>sequential 128 KiB reads of the file just written, first read after reopen (cold record
 *       cache, page cache warm).
 * </ul>
 *
 * <p>Usage: {@code VolumeWriteBenchmark [DIR] [--mib N]} (defaults: a temp dir, 256 MiB per run).
 * Profile with {@code -XX:StartFlightRecording=filename=w.jfr}.
 */
public final class VolumeWriteBenchmark {
  private VolumeWriteBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path base = null;
    long mib = 256;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mib" -> mib = Long.parseLong(args[++i]);
        default -> base = Path.of(args[i]);
      }
    }
    if (base == null) {
      base = Files.createTempDirectory("smfs-wbench");
    }
    long bytes = mib << 20;
    try {
      for (int round = 0; round < 2; round++) { // the first round warms the JIT
        String tag = round == 0 ? "warmup " : "";
        rawWrites(base.resolve("raw-" + round), 128 << 10, bytes, tag);
        sequential(base.resolve("a128-" + round), Durability.ASYNC, 128 << 10, bytes, tag);
        sequential(base.resolve("a1m-" + round), Durability.ASYNC, 1 << 20, bytes, tag);
        sequential(base.resolve("s128-" + round), Durability.LOCAL_SYNC, 128 << 10, bytes / 4, tag);
        random4k(base.resolve("r4k-" + round), bytes / 4, tag);
        reads(base.resolve("rd-" + round), bytes, tag);
      }
    } finally {
      delete(base);
    }
  }

  private static LogVolume volume(Path dir, Durability d) throws IOException {
    return LogVolume.open(dir, VolumeConfig.defaults(), Clock.systemUTC(), d);
  }

  private static ByteBuffer directBlock(int size, long seed) {
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    SplittableRandom r = new SplittableRandom(seed);
    while (b.remaining() >= 8) {
      b.putLong(r.nextLong());
    }
    return b.flip();
  }

  private static void sequential(Path dir, Durability d, int block, long total, String tag)
      throws IOException {
    try (LogVolume v = volume(dir, d)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      v.open(ino);
      ByteBuffer b = directBlock(block, 1);
      long t0 = start();
      long calls = 0;
      for (long off = 0; off < total; off += block) {
        v.write(ino, off, b.clear());
        calls++;
      }
      v.fsync(ino);
      report(
          tag + "seq_write " + (d == Durability.ASYNC ? "ASYNC" : "LOCAL_SYNC") + " block=" + block,
          calls,
          total,
          System.nanoTime() - t0);
      v.release(ino);
    }
  }

  private static void random4k(Path dir, long fileBytes, String tag) throws IOException {
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      ByteBuffer mib = directBlock(1 << 20, 2);
      for (long off = 0; off < fileBytes; off += mib.capacity()) {
        v.write(ino, off, mib.clear());
      }
      ByteBuffer b = directBlock(4096, 3);
      SplittableRandom rnd = new SplittableRandom(4);
      long calls = fileBytes / 4096;
      long t0 = start();
      for (long i = 0; i < calls; i++) {
        v.write(ino, rnd.nextLong(fileBytes / 4096) * 4096, b.clear());
      }
      report(tag + "rand_write ASYNC block=4096", calls, calls * 4096, System.nanoTime() - t0);
    }
  }

  private static void reads(Path dir, long total, String tag) throws IOException {
    long ino;
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      ByteBuffer b = directBlock(128 << 10, 5);
      for (long off = 0; off < total; off += b.capacity()) {
        v.write(ino, off, b.clear());
      }
    }
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      ByteBuffer dst = ByteBuffer.allocateDirect(128 << 10);
      long calls = 0;
      long t0 = start();
      for (long off = 0; off < total; off += dst.capacity()) {
        v.read(ino, off, dst.clear());
        calls++;
      }
      report(tag + "seq_read first block=" + dst.capacity(), calls, total, System.nanoTime() - t0);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long cpu0;

  /** Starts the wall and this thread's CPU clocks; returns the wall start. */
  private static long start() {
    cpu0 = THREADS.getCurrentThreadCpuTime();
    return System.nanoTime();
  }

  /**
   * Prints wall and calling-thread CPU figures; CPU time is the steadier one on a shared machine
   * (it leaves out time spent waiting for a core, and background flush and fsync threads).
   */
  private static void report(String what, long calls, long bytes, long nanos) {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    System.out.printf(
        "%s calls=%d us_per_call=%.1f mib_per_s=%.0f cpu_us_per_call=%.1f%n",
        what,
        calls,
        nanos / 1e3 / calls,
        bytes / (double) (1 << 20) / (nanos / 1e9),
        cpu / 1e3 / calls);
  }

  /** Plain FileChannel writes of the same blocks: the floor for the sequential write figures. */
  private static void rawWrites(Path dir, int block, long total, String tag) throws IOException {
    Files.createDirectories(dir);
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("raw"),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE)) {
      ByteBuffer b = directBlock(block, 1);
      long calls = 0;
      long t0 = start();
      for (long off = 0; off < total; off += block) {
        b.clear();
        while (b.hasRemaining()) {
          ch.write(b, off + b.position());
        }
        calls++;
      }
      report(tag + "raw_write block=" + block, calls, total, System.nanoTime() - t0);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
