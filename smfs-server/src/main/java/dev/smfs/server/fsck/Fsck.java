package dev.smfs.server.fsck;

import dev.smfs.server.index.Index;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.RecoveryReport;
import dev.smfs.server.progress.Progress;
import dev.smfs.server.store.DataDirLock;
import dev.smfs.server.store.LogVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline check of a volume's data directory: every record's CRC and LSN continuity in every
 * segment, then the index against the log ({@link IndexCheck}). Takes the data-directory lock, so
 * it refuses to run on a mounted volume.
 *
 * <p>Missing LSN ranges between segments are legal when the cleaner deleted them after an index
 * checkpoint (applied LSN) covering them; otherwise replay would need them and they are reported.
 *
 * <p>Read-only: the log is opened with {@link Log#openReadOnly} and the index with RocksDB's
 * read-only mode, so no file of the data directory is changed. A torn tail in the head segment
 * (what a mount would cut) is reported as {@code torn_tail}; damage a crash cannot explain (below
 * the index's applied LSN, or followed by valid records) as {@code corrupt_head}.
 */
public final class Fsck {
  private Fsck() {}

  /** Starts the progress report of a check: {@link Progress#start} fits. */
  @FunctionalInterface
  public interface ProgressFactory {
    Progress start(String task, long total, String unit);
  }

  /** Progress reports that go nowhere. */
  public static final ProgressFactory NO_PROGRESS =
      (task, total, unit) -> Progress.toLines(task, total, unit, line -> {}, System::nanoTime);

  public static FsckReport check(Path dataDir) throws IOException {
    return check(dataDir, NO_PROGRESS);
  }

  /**
   * As {@link #check(Path)}, reporting the walk over the segments as {@code progress} in bytes of
   * segment files scanned (the index check that follows is not counted).
   */
  public static FsckReport check(Path dataDir, ProgressFactory progress) throws IOException {
    if (!Files.isDirectory(dataDir.resolve(LogVolume.LOG_DIR))) {
      throw new IOException("not a volume data directory (no log/): dir=" + dataDir);
    }
    List<Problem> problems = new ArrayList<>();
    Path logDir = dataDir.resolve(LogVolume.LOG_DIR);
    Path indexDir = dataDir.resolve(LogVolume.INDEX_DIR);
    try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
      long applied = 0;
      long inodes = 0;
      long extents = 0;
      Index index = null;
      Path infoLogDir = Files.createTempDirectory("smfs-fsck-rocks");
      try {
        if (Files.isDirectory(indexDir)) {
          index = new Index(RocksKeyValueStore.openReadOnly(indexDir, infoLogDir));
          applied = index.appliedLsn();
        }
        try (Log log = Log.openReadOnly(logDir, LogConfig.defaults(), applied)) {
          reportTail(log, logDir, problems);
          LogWalk walk = new LogWalk(logDir, problems);
          long bytes = 0;
          for (dev.smfs.server.log.SegmentInfo s : log.segments()) {
            bytes += s.sizeBytes();
          }
          try (Progress p = progress.start("fsck", bytes, "bytes")) {
            walk.run(log, p::advance);
          }
          if (index != null) {
            IndexCheck ic = new IndexCheck(index, log, indexDir, logDir, problems);
            ic.run(walk, log.lastLsn());
            inodes = ic.inodes;
            extents = ic.extents;
          }
          gaps(walk, applied, problems);
          return new FsckReport(walk.segments, walk.records, inodes, extents, problems);
        }
      } finally {
        try {
          if (index != null) {
            index.close();
          }
        } finally {
          deleteTree(infoLogDir);
        }
      }
    }
  }

  private static void reportTail(Log log, Path logDir, List<Problem> problems) {
    RecoveryReport t = log.recovery();
    if (!t.truncated()) {
      return;
    }
    problems.add(
        new Problem(
            LogWalk.segmentFile(logDir, t.headSegmentId()),
            t.validBytes(),
            (t.corrupt() ? "corrupt_head " : "torn_tail ")
                + "bytes="
                + t.cutBytes()
                + " lastValidLsn="
                + t.lastLsn()
                + " reason="
                + t.reason()));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void gaps(LogWalk walk, long applied, List<Problem> problems) {
    for (LogWalk.Gap g : walk.gaps) {
      if (g.toLsn() > applied) {
        problems.add(
            new Problem(
                g.file(),
                0,
                "lsn_gap_needed_by_replay missingLsns="
                    + g.fromLsn()
                    + ".."
                    + g.toLsn()
                    + " appliedLsn="
                    + applied));
      }
    }
  }
}
