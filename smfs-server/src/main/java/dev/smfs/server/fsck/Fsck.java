package dev.smfs.server.fsck;

import dev.smfs.server.index.Index;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
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
 * <p>Opening the log recovers its tail as a volume open would: a torn last record is cut and not
 * reported (such a record was never acknowledged as durable).
 */
public final class Fsck {
  private Fsck() {}

  public static FsckReport check(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir.resolve(LogVolume.LOG_DIR))) {
      throw new IOException("not a volume data directory (no log/): dir=" + dataDir);
    }
    List<Problem> problems = new ArrayList<>();
    Path logDir = dataDir.resolve(LogVolume.LOG_DIR);
    Path indexDir = dataDir.resolve(LogVolume.INDEX_DIR);
    try (DataDirLock lock = DataDirLock.acquire(dataDir);
        Log log = Log.open(logDir, LogConfig.defaults())) {
      LogWalk walk = new LogWalk(logDir, problems);
      walk.run(log);
      long inodes = 0;
      long extents = 0;
      long applied = 0;
      if (Files.isDirectory(indexDir)) {
        try (Index index = new Index(RocksKeyValueStore.open(indexDir, () -> {}))) {
          IndexCheck ic = new IndexCheck(index, log, indexDir, logDir, problems);
          ic.run(walk, log.lastLsn());
          applied = index.appliedLsn();
          inodes = ic.inodes;
          extents = ic.extents;
        }
      }
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
      return new FsckReport(walk.segments, walk.records, inodes, extents, problems);
    }
  }
}
