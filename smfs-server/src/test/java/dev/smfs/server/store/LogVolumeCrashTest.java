package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.log.SegmentInfo;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.ModelChecker;
import dev.smfs.server.testing.RandomOps;
import dev.smfs.server.testing.TestClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random ops against the model with crashes in between: the log's last segment is cut at a random
 * byte above what was durable (a crash loses only unsynced bytes; a cut below that is corruption,
 * see {@link LogVolumeTailCorruptionTest}) and the index loses its unflushed part or all of it. The
 * reopened volume must equal the model after exactly the ops whose records survived.
 */
class LogVolumeCrashTest {
  private static final long[] SEEDS = {11, 12, 13, 14};
  private static final int OPS_PER_SEED = 25_000;
  private static final int OPS_PER_CHUNK = 5_000;

  /**
   * Small segments so that cuts and replays cross many of them; every random write is one record.
   */
  static final VolumeConfig CONFIG =
      new VolumeConfig(new LogConfig(1 << 20, 192 << 10), 1L << 40, 1L << 32, 160 << 10);

  @TempDir Path tmp;

  private enum IndexFate {
    LOSE_MEMTABLE,
    DELETE_INDEX
  }

  /** As {@link #CONFIG}, with preallocated segments (a crash leaves zeros after the records). */
  static final VolumeConfig PREALLOCATED = CONFIG.withPreallocation(true);

  @Test
  void stateAfterCrashEqualsModelAfterLastSurvivingOperation() throws Exception {
    run(CONFIG);
  }

  /**
   * The same with preallocation: after the cut, the newest segment gets its preallocated zeros back
   * up to the segment size, as a crash of a preallocating log leaves it (records, a torn part,
   * zeros).
   */
  @Test
  void stateAfterCrashEqualsModelWithPreallocatedSegments() throws Exception {
    run(PREALLOCATED);
  }

  private void run(VolumeConfig config) throws Exception {
    int crashes = 0;
    int cutOps = 0;
    for (long seed : SEEDS) {
      Path dir = tmp.resolve("seed-" + seed);
      Random rnd = new Random(seed);
      TestClock clock = new TestClock();
      LogVolume v = LogVolume.open(dir, config, clock, Durability.ASYNC);
      ModelChecker checker = new ModelChecker(v, clock);
      RandomOps gen = new RandomOps(seed);
      // lsnAfter.get(n) = the volume's last LSN once the first n ops were applied.
      List<Long> lsnAfter = new ArrayList<>(List.of(v.lastLsn()));
      try {
        for (int done = 0; done < OPS_PER_SEED; done += OPS_PER_CHUNK) {
          for (int i = 0; i < OPS_PER_CHUNK; i++) {
            checker.apply(gen.next());
            lsnAfter.add(v.lastLsn());
          }
          IndexFate fate = IndexFate.values()[rnd.nextInt(IndexFate.values().length)];
          long durableEnd = durableEndInLastSegment(v.log());
          v.crashForTesting();
          if (fate == IndexFate.DELETE_INDEX) {
            RocksKeyValueStore.destroy(dir.resolve(LogVolume.INDEX_DIR));
          }
          Path cutFile = cutLastSegment(dir.resolve(LogVolume.LOG_DIR), rnd, durableEnd);
          if (config.log().preallocate()) {
            try (RandomAccessFile f = new RandomAccessFile(cutFile.toFile(), "rw")) {
              f.setLength(Math.max(f.length(), config.log().segmentBytes()));
            }
          }
          v = LogVolume.open(dir, config, clock, Durability.ASYNC);
          int surviving = survivingOps(lsnAfter, v.lastLsnBeforeOpen());
          cutOps += checker.opCount() - surviving;
          checker.crash(v, surviving);
          lsnAfter.subList(surviving + 1, lsnAfter.size()).clear();
          lsnAfter.set(surviving, v.lastLsn());
          crashes++;
        }
      } finally {
        v.close();
      }
    }
    System.out.println("crashes=" + crashes + " ops_lost_to_cuts=" + cutOps);
    assertTrue(cutOps > 0, "cuts should have removed some operations");
  }

  /** The number of ops whose records all survived: the longest prefix ending at or below last. */
  private static int survivingOps(List<Long> lsnAfter, long last) {
    int n = 0;
    while (n + 1 < lsnAfter.size() && lsnAfter.get(n + 1) <= last) {
      n++;
    }
    return n;
  }

  /** End offset, in the newest segment, of the last durable record there (0 if none). */
  private static long durableEndInLastSegment(Log log) throws IOException {
    long durable = log.durableLsn();
    List<SegmentInfo> segs = log.segments();
    SegmentInfo last = segs.get(segs.size() - 1);
    if (durable < last.firstLsn()) {
      return 0;
    }
    try (LogScanner s = log.scan(durable)) {
      LogRecord r = s.next();
      return r.address().offset() + r.length();
    }
  }

  /**
   * Cuts the newest segment file (returned) at a random byte at or after {@code durableEnd} (a torn
   * tail), never inside the file header nor, in the first segment, inside the VOLUME_INIT record: a
   * volume that lost its identity is new.
   */
  private static Path cutLastSegment(Path logDir, Random rnd, long durableEnd) throws IOException {
    Path last;
    try (Stream<Path> files = Files.list(logDir)) {
      last = files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).get();
    }
    long size = Files.size(last);
    long header = Math.max(128, durableEnd);
    if (size <= header) {
      return last;
    }
    long cut = header + (long) (rnd.nextDouble() * (size - header));
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(cut);
    }
    return last;
  }
}
