package dev.smfs.server.bench;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Store figures (a main, not a test; prints one line per figure):
 *
 * <ul>
 *   <li>4 KiB random overwrites/s at local-sync, 1 and 4 threads, vs FileChannel write+force;
 *   <li>small-file creates/s (create + open + write 4 KiB + release) at local-sync vs a plain
 *       directory (create, write, force, close);
 *   <li>open (replay) time of a volume with N MiB of log after a clean shutdown and after a crash;
 *   <li>a base snapshot (what a new mirror gets) of a volume with N files: how long the copy takes
 *       and the longest create another thread saw meanwhile (the copy reads a point-in-time index
 *       view without the volume's lock; it used to hold the read lock throughout).
 * </ul>
 *
 * <p>Usage: {@code StoreBenchmark [DIR] [--seconds S] [--log-mib N] [--base-files N] [--only NAME]}
 * (defaults: a temp dir, 3 s per measurement, 1024 MiB of log, 200000 files; NAME one of reads,
 * overwrites, creates, replay, base).
 */
public final class StoreBenchmark {
  private static final int BLOCK = 4096;
  private static final long FILE_BYTES = 64L << 20;

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path base = null;
    double seconds = 3;
    int logMib = 1024;
    int baseFiles = 200_000;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--log-mib" -> logMib = Integer.parseInt(args[++i]);
        case "--base-files" -> baseFiles = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        default -> base = Path.of(args[i]);
      }
    }
    if (base == null) {
      base = Files.createTempDirectory("smfs-bench");
    }
    long nanos = (long) (seconds * 1e9);
    try {
      if (only == null || only.equals("reads")) {
        randomReads(base.resolve("rd"), nanos);
      }
      if (only == null || only.equals("overwrites")) {
        overwrites(base.resolve("ow"), nanos, 1);
        overwrites(base.resolve("ow4"), nanos, 4);
        nioOverwrites(base.resolve("nio-ow"), nanos);
      }
      if (only == null || only.equals("creates")) {
        creates(base.resolve("cr"), nanos);
        nioCreates(base.resolve("nio-cr"), nanos);
      }
      if (only == null || only.equals("replay")) {
        replay(base.resolve("replay"), logMib);
      }
      if (only == null || only.equals("base")) {
        baseCopy(base.resolve("base"), baseFiles);
      }
    } finally {
      delete(base);
    }
  }

  private static LogVolume volume(Path dir, Durability d) throws IOException {
    return LogVolume.open(dir, VolumeConfig.defaults(), Clock.systemUTC(), d);
  }

  private static void overwrites(Path dir, long nanos, int threads) throws Exception {
    try (LogVolume v = volume(dir, Durability.LOCAL_SYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      ByteBuffer mib = ByteBuffer.allocate(1 << 20);
      for (long off = 0; off < FILE_BYTES; off += mib.capacity()) {
        v.write(ino, off, mib.clear());
      }
      long[] counts = new long[threads];
      Thread[] ts = new Thread[threads];
      long end = System.nanoTime() + nanos;
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int id = t;
        ts[t] =
            new Thread(
                () -> {
                  SplittableRandom rnd = new SplittableRandom(id);
                  byte[] b = new byte[BLOCK];
                  while (System.nanoTime() < end) {
                    rnd.nextBytes(b);
                    long off = rnd.nextLong(FILE_BYTES / BLOCK) * BLOCK;
                    v.write(ino, off, ByteBuffer.wrap(b));
                    counts[id]++;
                  }
                });
        ts[t].start();
      }
      long total = 0;
      for (int t = 0; t < threads; t++) {
        ts[t].join();
        total += counts[t];
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "overwrite_4k local-sync threads=%d ops=%d ops_per_s=%.0f%n", threads, total, total / s);
    }
  }

  /** 4 KiB random reads of a 64 MiB file written in 1 MiB records (hits the record cache). */
  private static void randomReads(Path dir, long nanos) throws IOException {
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      ByteBuffer mib = ByteBuffer.allocate(1 << 20);
      for (long off = 0; off < FILE_BYTES; off += mib.capacity()) {
        v.write(ino, off, mib.clear());
      }
      SplittableRandom rnd = new SplittableRandom(3);
      ByteBuffer b = ByteBuffer.allocate(BLOCK);
      long n = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < nanos) {
        v.read(ino, rnd.nextLong(FILE_BYTES / BLOCK) * BLOCK, b.clear());
        n++;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("read_4k random file=64MiB ops=%d ops_per_s=%.0f%n", n, n / s);
    }
  }

  private static void nioOverwrites(Path dir, long nanos) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve("f");
    try (FileChannel ch =
        FileChannel.open(
            f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer mib = ByteBuffer.allocate(1 << 20);
      for (long off = 0; off < FILE_BYTES; off += mib.capacity()) {
        ch.write(mib.clear(), off);
      }
      ch.force(true);
      SplittableRandom rnd = new SplittableRandom(1);
      byte[] b = new byte[BLOCK];
      long n = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < nanos) {
        rnd.nextBytes(b);
        ch.write(ByteBuffer.wrap(b), rnd.nextLong(FILE_BYTES / BLOCK) * BLOCK);
        ch.force(false);
        n++;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("overwrite_4k nio write+force ops=%d ops_per_s=%.0f%n", n, n / s);
    }
  }

  private static void baseCopy(Path dir, int files) throws Exception {
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      ByteBuffer data = ByteBuffer.allocate(BLOCK);
      for (int i = 0; i < files; i++) {
        long ino = v.create(Volume.ROOT, "f" + i, 0644, 0, 0).ino();
        v.write(ino, 0, data.clear());
      }
      v.log().awaitDurable(v.lastLsn());
      java.util.concurrent.atomic.AtomicBoolean copying =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      long[] longest = new long[1];
      long[] writes = new long[1];
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; copying.get(); i++) {
                  long t = System.nanoTime();
                  v.create(Volume.ROOT, "w" + i, 0644, 0, 0);
                  longest[0] = Math.max(longest[0], System.nanoTime() - t);
                  writes[0]++;
                }
              });
      writer.start();
      long t0 = System.nanoTime();
      int entries = v.baseSnapshot().entries().size();
      long copyNanos = System.nanoTime() - t0;
      copying.set(false);
      writer.join();
      System.out.printf(
          "base copy, %d files: %d entries in %.1f ms; a writer meanwhile: %d creates, longest"
              + " %.2f ms%n",
          files, entries, copyNanos / 1e6, writes[0], longest[0] / 1e6);
    }
  }

  private static void creates(Path dir, long nanos) throws IOException {
    try (LogVolume v = volume(dir, Durability.LOCAL_SYNC)) {
      byte[] b = new byte[BLOCK];
      long n = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < nanos) {
        long ino = v.create(Volume.ROOT, "f" + n, 0644, 0, 0).ino();
        v.open(ino);
        v.write(ino, 0, ByteBuffer.wrap(b));
        v.release(ino);
        n++;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("create_write4k_release local-sync files=%d per_s=%.0f%n", n, n / s);
    }
  }

  private static void nioCreates(Path dir, long nanos) throws IOException {
    Files.createDirectories(dir);
    byte[] b = new byte[BLOCK];
    long n = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < nanos) {
      try (FileChannel ch =
          FileChannel.open(
              dir.resolve("f" + n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(b));
        ch.force(true);
      }
      n++;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("create_write4k_close nio write+force files=%d per_s=%.0f%n", n, n / s);
  }

  private static void replay(Path dir, int logMib) throws IOException {
    byte[] mib = new byte[1 << 20];
    new SplittableRandom(2).nextBytes(mib);
    int files = 64;
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      long[] inos = new long[files];
      for (int i = 0; i < files; i++) {
        inos[i] = v.create(Volume.ROOT, "f" + i, 0644, 0, 0).ino();
      }
      // Mixed record sizes: mostly 1 MiB writes, plus 4 KiB writes for a realistic record count.
      long written = 0;
      long i = 0;
      while (written < (long) logMib << 20) {
        int len = (i % 4 == 0) ? mib.length : BLOCK;
        v.write(inos[(int) (i % files)], (i * BLOCK) % (16L << 20), ByteBuffer.wrap(mib, 0, len));
        written += len;
        i++;
      }
      System.out.printf(
          "replay_setup log_bytes=%d records=%d%n", v.log().sizeOnDisk(), v.lastLsn());
    }
    long t0 = System.nanoTime();
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      System.out.printf(
          "open_after_clean_shutdown log_mib=%d replayed=%d ms=%.1f%n",
          logMib, v.replayedRecords(), (System.nanoTime() - t0) / 1e6);
      // An unapplied tail: 20k more 4 KiB records whose index changes die with the memtable.
      byte[] b = new byte[BLOCK];
      for (int k = 0; k < 20_000; k++) {
        v.write(2 + (k % files), (long) k * BLOCK, ByteBuffer.wrap(b));
      }
      v.crashForTesting();
    }
    t0 = System.nanoTime();
    try (LogVolume v = volume(dir, Durability.ASYNC)) {
      System.out.printf(
          "open_after_crash log_mib=%d replayed=%d ms=%.1f%n",
          logMib, v.replayedRecords(), (System.nanoTime() - t0) / 1e6);
    }
  }

  private static void delete(Path base) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
