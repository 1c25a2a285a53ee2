package dev.smfs.server.store;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.ModelChecker;
import dev.smfs.server.testing.RandomOps;
import dev.smfs.server.testing.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LogVolume gives the same results as the reference volume over long random op sequences. */
class LogVolumeModelTest {
  @TempDir Path dir;

  @Test
  void randomOpsMatchTheModelAndSurviveReopen() throws Exception {
    TestClock clock = new TestClock();
    VolumeConfig cfg = VolumeConfig.withSegmentBytes(4 << 20);
    LogVolume v = LogVolume.open(dir, cfg, clock, Durability.ASYNC);
    ModelChecker checker = new ModelChecker(v, clock);
    RandomOps gen = new RandomOps(7);
    try {
      for (int round = 0; round < 4; round++) {
        checker.run(gen.next(2_000));
        v.close();
        v = LogVolume.open(dir, cfg, clock, Durability.ASYNC);
        checker.crash(v, checker.opCount());
      }
    } finally {
      v.close();
    }
  }
}
