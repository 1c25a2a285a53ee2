package dev.smfs.bench;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.fsck.FsckReport;
import dev.smfs.server.fsck.Problem;
import dev.smfs.server.status.StatusFile;
import dev.smfs.server.status.StatusReport;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code smfs bench catchup}: the mirror process is stopped, SIZE bytes are written through the
 * primary's mount (local-sync) into several files of seeded content, the mirror is started again
 * and the time until the primary reports its mirror durable up to its last LSN is measured. Then
 * both processes stop, {@code fsck} runs on both data directories and their trees are compared.
 *
 * <p>Catch-up is timed from the moment the restarted mirror listens to the first primary status
 * sample (written once a second) that shows it caught up, so it may overstate by up to a second; it
 * includes the primary's reconnect backoff.
 */
public final class CatchupBench {
  static final int WRITE_BYTES = 1 << 20;
  static final long POLL_MILLIS = 50;

  /** Churn file size: overwritten in place until the cleaner deletes the first log segment. */
  static final long CHURN_FILE_BYTES = 32L << 20;

  /** Bound of the churn: a few default (64 MiB) segments' worth of overwrites. */
  static final long CHURN_MAX_BYTES = 1L << 30;

  static final Duration CLEANED_TIMEOUT = Duration.ofSeconds(180);

  /**
   * @param cluster link settings; the safety level is local-sync
   * @param size bytes written while the mirror is down, spread over {@code files} files
   * @param newMirror first overwrite a file until the primary's cleaner deletes its first log
   *     segment, and delete the mirror's data directory while it is down: the restarted mirror is
   *     brand new and must get the whole volume from a log that no longer starts at LSN 1
   */
  public record Config(ClusterConfig cluster, long size, int files, boolean newMirror) {
    public Config {
      if (size <= 0 || files <= 0 || files > size) {
        throw new IllegalArgumentException(
            "size and files must be > 0 and files <= size: size=" + size + " files=" + files);
      }
    }

    /** Bound of the catch-up wait: a minute plus SIZE at 512 KiB/s. */
    Duration catchupTimeout() {
      return Duration.ofSeconds(60 + size / (512 << 10));
    }
  }

  /**
   * What one run measured.
   *
   * @param records log records the mirror lacked when it came back
   * @param fsckPrimary "clean", or the problems fsck found
   */
  public record Result(
      Config config,
      long bytesWritten,
      double writeSeconds,
      long records,
      double catchupSeconds,
      String fsckPrimary,
      String fsckMirror,
      boolean treesEqual,
      String difference) {
    /** Catch-up rate of the written bytes, in 10^6 bit/s. */
    public double catchupMbps() {
      return bytesWritten * 8 / catchupSeconds / 1e6;
    }

    /** One line of JSON. */
    public String toJson() {
      ClusterConfig c = config.cluster();
      return String.format(
          Locale.ROOT,
          "{\"bench\":\"catchup\",\"new_mirror\":%s,\"delay_ms\":%s,\"loss\":%s,\"files\":%d,\"bytes_written\":%d,"
              + "\"write_seconds\":%.3f,\"records\":%d,\"catchup_seconds\":%.3f,"
              + "\"catchup_mbps\":%.3f,\"fsck_primary\":\"%s\",\"fsck_mirror\":\"%s\","
              + "\"trees_equal\":%s,\"fec\":\"%s\",\"rate_mbit\":\"%s\"}",
          config.newMirror(),
          WritesBench.num(c.delayMs()),
          WritesBench.num(c.loss()),
          config.files(),
          bytesWritten,
          writeSeconds,
          records,
          catchupSeconds,
          catchupMbps(),
          jsonText(fsckPrimary),
          jsonText(fsckMirror),
          treesEqual,
          c.fec() == null ? "default" : c.fec(),
          c.rateMbit() == null ? "default" : c.rateMbit().toString());
    }
  }

  private static String jsonText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private CatchupBench() {}

  public static Result run(Config config) throws IOException, InterruptedException {
    try (BenchCluster cluster = BenchCluster.start(config.cluster())) {
      if (config.newMirror()) {
        churnUntilFirstSegmentIsCleaned(cluster, config.cluster().seed());
      }
      cluster.stopMirror();
      if (config.newMirror()) {
        BenchCluster.deleteTree(cluster.mirrorData());
        Files.createDirectories(cluster.mirrorData());
      }
      long writeStart = System.nanoTime();
      long written = writeFiles(cluster.mountPoint(), config);
      double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
      long wroteAt = System.currentTimeMillis();
      StatusReport.VolumeStatus behind =
          awaitStatus(cluster, wroteAt, v -> true, Duration.ofSeconds(30), "status after writing");
      // a new mirror lacks every LSN (it receives the retained records and a base)
      long records = behind.lastLsn() - (config.newMirror() ? 0 : behind.mirrorDurableLsn());

      cluster.restartMirror();
      long restartedAt = System.currentTimeMillis();
      StatusReport caughtUp =
          awaitReport(
              cluster,
              restartedAt,
              v -> v.lastLsn() >= behind.lastLsn() && v.mirrorDurableLsn() >= v.lastLsn(),
              config.catchupTimeout(),
              "the mirror to catch up");
      double catchupSeconds = Math.max(0.001, (caughtUp.writtenAtMillis() - restartedAt) / 1e3);

      cluster.stopPrimary();
      cluster.stopMirror();
      Path primaryVolume = ReplicaCheck.locateVolume(cluster.primaryData());
      Path mirrorVolume = ReplicaCheck.locateVolume(cluster.mirrorData());
      if (primaryVolume == null || mirrorVolume == null) {
        throw new BenchException(
            "volume directory missing: primary=" + primaryVolume + " mirror=" + mirrorVolume);
      }
      String fsckPrimary = fsck(primaryVolume);
      String fsckMirror = fsck(mirrorVolume);
      String difference;
      try (LogVolume p = LogVolume.openReplica(primaryVolume, VolumeConfig.defaults());
          LogVolume m = LogVolume.openReplica(mirrorVolume, VolumeConfig.defaults())) {
        difference = TreeCompare.firstDifference(p, m);
      }
      return new Result(
          config,
          written,
          writeSeconds,
          records,
          catchupSeconds,
          fsckPrimary,
          fsckMirror,
          difference == null,
          difference);
    }
  }

  /**
   * Overwrites one file through the mount until the primary's first log segment is deleted (the
   * cleaner deletes it once its data is dead and the mirror acknowledged it).
   *
   * @throws BenchException if that does not happen within the churn and time bounds
   */
  static void churnUntilFirstSegmentIsCleaned(BenchCluster cluster, long seed)
      throws IOException, InterruptedException {
    Path log = cluster.primaryData().resolve(LogVolume.LOG_DIR);
    long first = lowestSegment(log);
    Random rnd = new Random(seed * 31 + 7);
    ByteBuffer buf = ByteBuffer.allocate(WRITE_BYTES);
    long churned = 0;
    try (FileChannel ch =
        FileChannel.open(
            cluster.mountPoint().resolve("churn"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      while (lowestSegment(log) == first && churned < CHURN_MAX_BYTES) {
        for (long off = 0; off < CHURN_FILE_BYTES; off += WRITE_BYTES) {
          buf.clear();
          rnd.nextBytes(buf.array());
          while (buf.hasRemaining()) {
            ch.write(buf, off + buf.position());
          }
        }
        ch.force(true);
        churned += CHURN_FILE_BYTES;
      }
    }
    long deadline = System.nanoTime() + CLEANED_TIMEOUT.toNanos();
    while (lowestSegment(log) == first) {
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "the primary's first log segment was not cleaned after "
                + churned
                + " bytes of overwrites: segment="
                + first
                + " "
                + cluster.logTails());
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS * 4);
    }
  }

  /** The lowest segment id in a log directory ({@code %020d.log} files). */
  static long lowestSegment(Path logDir) throws IOException {
    try (Stream<Path> files = Files.list(logDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9]+\\.log"))
          .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4)))
          .min()
          .orElseThrow(() -> new BenchException("no log segment in " + logDir));
    }
  }

  /** Writes {@code size} bytes of seeded content into files c0..c(N-1); returns the bytes. */
  static long writeFiles(Path mount, Config config) throws IOException {
    long per = config.size() / config.files();
    long total = 0;
    ByteBuffer buf = ByteBuffer.allocate(WRITE_BYTES);
    for (int i = 0; i < config.files(); i++) {
      long bytes = i == config.files() - 1 ? config.size() - total : per;
      Random rnd = new Random(config.cluster().seed() * 1_000_003L + i);
      try (FileChannel ch =
          FileChannel.open(
              mount.resolve("c" + i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long done = 0;
        while (done < bytes) {
          int n = (int) Math.min(WRITE_BYTES, bytes - done);
          buf.clear();
          rnd.nextBytes(buf.array());
          buf.limit(n);
          while (buf.hasRemaining()) {
            done += ch.write(buf);
          }
        }
        ch.force(true);
      }
      total += bytes;
    }
    return total;
  }

  private static StatusReport.VolumeStatus awaitStatus(
      BenchCluster cluster,
      long afterMillis,
      Predicate<StatusReport.VolumeStatus> ready,
      Duration timeout,
      String what)
      throws InterruptedException {
    return awaitReport(cluster, afterMillis, ready, timeout, what).volumes().get(0);
  }

  /**
   * Polls the primary's status file until a report written after {@code afterMillis} has a volume
   * that satisfies {@code ready}.
   */
  private static StatusReport awaitReport(
      BenchCluster cluster,
      long afterMillis,
      Predicate<StatusReport.VolumeStatus> ready,
      Duration timeout,
      String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StatusReport last = null;
    while (System.nanoTime() < deadline) {
      Optional<StatusReport> r = StatusFile.read(cluster.primaryData());
      if (r.isPresent()) {
        last = r.get();
        if (last.writtenAtMillis() > afterMillis
            && !last.volumes().isEmpty()
            && ready.test(last.volumes().get(0))) {
          return last;
        }
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new BenchException(
        "timed out after "
            + timeout.toSeconds()
            + " s waiting for "
            + what
            + ": status="
            + last
            + " "
            + cluster.logTails());
  }

  /** "clean", or the first problems fsck reports. */
  static String fsck(Path volumeDir) throws IOException {
    FsckReport r = Fsck.check(volumeDir);
    List<Problem> problems = r.problems();
    if (problems.isEmpty()) {
      return "clean";
    }
    StringBuilder b = new StringBuilder(problems.size() + " problems:");
    problems.stream().limit(3).forEach(p -> b.append(' ').append(p));
    return b.toString();
  }
}
