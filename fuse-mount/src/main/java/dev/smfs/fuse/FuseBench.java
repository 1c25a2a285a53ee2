package dev.smfs.fuse;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code smfs bench fuse}: the same file workload on an SMFS mount, optionally on a plain
 * directory, and always on a {@link NullFs} mounted by the bench itself, so the SMFS figures can be
 * read against the jnr-fuse ceiling of this machine.
 *
 * <p>Workload per target: sequential write of {@code sizeMiB} in 128 KiB blocks and again in 1 MiB
 * blocks, each with two figures: until the last {@code write} returned (what an application sees at
 * {@code async}, and what the do-nothing binding's figure means), and up to and including the fsync
 * that follows (the data on disk; the disk's rate bounds it). The fsync also leaves no dirty pages
 * behind to slow the next phase. Then reads of the 1 MiB file, each from a fresh descriptor: a
 * first read in 1 MiB blocks after dropping the page cache when the kernel lets us (FUSE also drops
 * a file's cached pages on open unless the file system keeps them), a re-read (the second touch of
 * each cached page, which moves it to the kernel's active list) and a warm re-read (a third touch:
 * the page cache alone); then, after dropping the cache again, a first read and a re-read in 128
 * KiB blocks. Last, 4 KiB random writes over the file (bounded in count and time) and creates of
 * empty files.
 */
public final class FuseBench {
  /** The measured figures of one target. */
  public record Figures(
      String target,
      double write128kMiBps,
      double write1mMiBps,
      double write128kSyncedMiBps,
      double write1mSyncedMiBps,
      double firstReadMiBps,
      double rereadMiBps,
      double rereadWarmMiBps,
      double firstRead128kMiBps,
      double reread128kMiBps,
      double randWrite4kIops,
      double createsPerSecond) {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;
  private static final int RANDOM_OPS = 20_000;
  private static final long RANDOM_MAX_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int CREATES = 2_000;
  private static final int WARM_UP_PASSES = 4;
  private static final long SEED = 0x5EEDF5L;

  private final long sizeBytes;
  private final PrintStream log;
  private boolean droppedCaches;

  public FuseBench(int sizeMiB, PrintStream log) {
    if (sizeMiB <= 0) {
      throw new IllegalArgumentException("sizeMiB=" + sizeMiB + " must be positive");
    }
    this.sizeBytes = (long) sizeMiB * MIB;
    this.log = log;
  }

  /** Runs every target in turn and returns their figures, SMFS first and NullFs last. */
  public List<Figures> run(Path smfsDir, Path nativeDir) throws IOException {
    List<Figures> all = new ArrayList<>();
    all.add(measure("smfs", smfsDir));
    if (nativeDir != null) {
      all.add(measure("native", nativeDir));
    }
    Path nullMount = Files.createTempDirectory("smfs-bench-nullfs");
    try (FuseMount m =
        FuseMount.start(
            new NullFs(),
            nullMount,
            MountOptions.defaults(false).toArgs(),
            null,
            Duration.ofSeconds(15))) {
      all.add(measure("nullfs", m.mountPoint()));
    } finally {
      Files.deleteIfExists(nullMount);
    }
    return all;
  }

  /** True if at least one first read followed a successful drop of the page cache. */
  public boolean droppedCaches() {
    return droppedCaches;
  }

  private Figures measure(String name, Path dir) throws IOException {
    Path work = Files.createTempDirectory(dir, "smfs-bench-");
    try {
      warmUp(work.resolve("warm-up"));
      Path a = work.resolve("seq-128k");
      Path b = work.resolve("seq-1m");
      double[] w128 = writeSequential(a, 128 * KIB);
      Files.delete(a);
      double[] w1m = writeSequential(b, MIB);
      droppedCaches |= dropCaches();
      double[] r1m = readPasses(b, MIB, 3);
      droppedCaches |= dropCaches();
      double[] r128k = readPasses(b, 128 * KIB, 2);
      double iops = randomWrites(b);
      Files.delete(b);
      double creates = creates(work.resolve("creates"));
      Figures f =
          new Figures(
              name, w128[0], w1m[0], w128[1], w1m[1], r1m[0], r1m[1], r1m[2], r128k[0], r128k[1],
              iops, creates);
      log.println(format(f));
      return f;
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Untimed passes so that the JIT has compiled the daemon's and jnr's write and read paths before
   * anything is timed: {@value #WARM_UP_PASSES} times, up to 512 MiB written in 128 KiB blocks, the
   * page cache dropped (else the read never reaches the daemon: the kernel serves it from the pages
   * the writes left) and read back. A single 128 MiB pass, read from the page cache, was not
   * enough: a fresh daemon's first reads ran at 0.5-0.8 GiB/s with C2 taking a quarter of the CPU,
   * and at 1.3-1.9 GiB/s after about 2 GiB of reads.
   */
  private void warmUp(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(MIB);
    for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
      writeSequentialOf(file, 128 * KIB, Math.min(sizeBytes, 512L * MIB));
      dropCaches();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        long pos = 0;
        for (int n; (n = ch.read(buf.clear(), pos)) > 0; ) {
          pos += n;
        }
      }
      Files.delete(file);
    }
  }

  /** MiB/s until the last write returned, and until the fsync after it returned. */
  private double[] writeSequential(Path file, int block) throws IOException {
    return writeSequentialOf(file, block, sizeBytes);
  }

  private double[] writeSequentialOf(Path file, int block, long bytes) throws IOException {
    ByteBuffer buf = randomBlock(block);
    long start = System.nanoTime();
    long written;
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long done = 0; done < bytes; done += block) {
        buf.clear();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      written = System.nanoTime();
      ch.force(false);
    }
    return new double[] {
      mibPerSecond(bytes, written - start), mibPerSecond(bytes, System.nanoTime() - start)
    };
  }

  /**
   * {@code passes} whole reads of {@code file} in {@code block}-byte reads, each from a fresh
   * descriptor (so later passes see what the page cache kept across opens); MiB/s of each.
   */
  private double[] readPasses(Path file, int block, int passes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(block);
    double[] out = new double[passes];
    for (int i = 0; i < passes; i++) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        out[i] = readAll(ch, buf);
      }
    }
    return out;
  }

  private double readAll(FileChannel ch, ByteBuffer buf) throws IOException {
    long start = System.nanoTime();
    long total = 0;
    long pos = 0;
    while (true) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
      total += n;
    }
    if (total != sizeBytes) {
      throw new IOException("read " + total + " bytes, wrote " + sizeBytes);
    }
    return mibPerSecond(total, System.nanoTime() - start);
  }

  private double randomWrites(Path file) throws IOException {
    ByteBuffer buf = randomBlock(4 * KIB);
    SplittableRandom random = new SplittableRandom(SEED);
    long blocks = sizeBytes / (4 * KIB);
    int ops = 0;
    long start = System.nanoTime();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (ops < RANDOM_OPS && System.nanoTime() - start < RANDOM_MAX_NANOS) {
        buf.clear();
        ch.write(buf, random.nextLong(blocks) * 4 * KIB);
        ops++;
      }
    }
    return ops / seconds(System.nanoTime() - start);
  }

  private double creates(Path dir) throws IOException {
    Files.createDirectory(dir);
    long start = System.nanoTime();
    for (int i = 0; i < CREATES; i++) {
      FileChannel.open(
              dir.resolve("f" + i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
          .close();
    }
    return CREATES / seconds(System.nanoTime() - start);
  }

  /** Asks the kernel to drop clean page-cache pages; false where that is not allowed. */
  private static boolean dropCaches() {
    try {
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static ByteBuffer randomBlock(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(SEED).nextBytes(bytes);
    ByteBuffer buf = ByteBuffer.allocateDirect(size);
    buf.put(bytes).flip();
    return buf;
  }

  private static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }

  private static double mibPerSecond(long bytes, long nanos) {
    return bytes / (double) MIB / seconds(nanos);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static String format(Figures f) {
    return String.format(
        Locale.ROOT,
        "%-7s write128k=%8.1f (with fsync %7.1f) MiB/s write1m=%8.1f (with fsync %7.1f) MiB/s"
            + " firstRead=%8.1f reread=%8.1f warm=%8.1f MiB/s firstRead128k=%8.1f"
            + " reread128k=%8.1f MiB/s randWrite4k=%9.0f IOPS creates=%7.0f /s",
        f.target(),
        f.write128kMiBps(),
        f.write128kSyncedMiBps(),
        f.write1mMiBps(),
        f.write1mSyncedMiBps(),
        f.firstReadMiBps(),
        f.rereadMiBps(),
        f.rereadWarmMiBps(),
        f.firstRead128kMiBps(),
        f.reread128kMiBps(),
        f.randWrite4kIops(),
        f.createsPerSecond());
  }

  /** One JSON object: every target's figures and the SMFS-to-NullFs ratios the targets name. */
  public String json(List<Figures> all) {
    Map<String, Figures> byName = new LinkedHashMap<>();
    all.forEach(f -> byName.put(f.target(), f));
    StringBuilder sb = new StringBuilder("{\"bench\":\"fuse\"");
    sb.append(",\"size_mib\":").append(sizeBytes / MIB);
    sb.append(",\"page_cache_dropped\":").append(droppedCaches);
    for (Figures f : all) {
      sb.append(",\"").append(f.target()).append("\":{");
      sb.append("\"write_128k_mib_s\":").append(num(f.write128kMiBps()));
      sb.append(",\"write_1m_mib_s\":").append(num(f.write1mMiBps()));
      sb.append(",\"write_128k_with_fsync_mib_s\":").append(num(f.write128kSyncedMiBps()));
      sb.append(",\"write_1m_with_fsync_mib_s\":").append(num(f.write1mSyncedMiBps()));
      sb.append(",\"first_read_mib_s\":").append(num(f.firstReadMiBps()));
      sb.append(",\"reread_mib_s\":").append(num(f.rereadMiBps()));
      sb.append(",\"reread_warm_mib_s\":").append(num(f.rereadWarmMiBps()));
      sb.append(",\"first_read_128k_mib_s\":").append(num(f.firstRead128kMiBps()));
      sb.append(",\"reread_128k_mib_s\":").append(num(f.reread128kMiBps()));
      sb.append(",\"rand_write_4k_iops\":").append(num(f.randWrite4kIops()));
      sb.append(",\"creates_per_s\":").append(num(f.createsPerSecond()));
      sb.append('}');
    }
    Figures smfs = byName.get("smfs");
    Figures nul = byName.get("nullfs");
    if (smfs != null && nul != null) {
      sb.append(",\"smfs_vs_nullfs\":{");
      sb.append("\"write_1m\":").append(num(smfs.write1mMiBps() / nul.write1mMiBps()));
      sb.append(",\"write_128k\":").append(num(smfs.write128kMiBps() / nul.write128kMiBps()));
      sb.append(",\"first_read\":").append(num(smfs.firstReadMiBps() / nul.firstReadMiBps()));
      sb.append(",\"first_read_128k\":")
          .append(num(smfs.firstRead128kMiBps() / nul.firstRead128kMiBps()));
      sb.append(",\"reread\":").append(num(smfs.rereadMiBps() / nul.rereadMiBps()));
      sb.append(",\"reread_warm\":").append(num(smfs.rereadWarmMiBps() / nul.rereadWarmMiBps()));
      sb.append('}');
    }
    Figures nat = byName.get("native");
    if (nul != null && nat != null) {
      // Both kept in the page cache across opens: the kernel's FUSE re-read against its native one.
      sb.append(",\"nullfs_vs_native\":{");
      sb.append("\"reread\":").append(num(nul.rereadMiBps() / nat.rereadMiBps()));
      sb.append(",\"reread_warm\":").append(num(nul.rereadWarmMiBps() / nat.rereadWarmMiBps()));
      sb.append(",\"reread_128k\":").append(num(nul.reread128kMiBps() / nat.reread128kMiBps()));
      sb.append('}');
    }
    if (smfs != null && nat != null) {
      sb.append(",\"smfs_vs_native\":{");
      sb.append("\"reread\":").append(num(smfs.rereadMiBps() / nat.rereadMiBps()));
      sb.append(",\"reread_warm\":").append(num(smfs.rereadWarmMiBps() / nat.rereadWarmMiBps()));
      sb.append(",\"reread_128k\":").append(num(smfs.reread128kMiBps() / nat.reread128kMiBps()));
      sb.append(",\"write_1m_with_fsync\":")
          .append(num(smfs.write1mSyncedMiBps() / nat.write1mSyncedMiBps()));
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
  }
}
