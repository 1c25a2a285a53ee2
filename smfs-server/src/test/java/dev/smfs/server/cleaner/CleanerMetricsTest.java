package dev.smfs.server.cleaner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaner's counters agree with what it reports having done. */
class CleanerMetricsTest {
  @TempDir Path dir;

  @Test
  void countersMatchTheCleanersOwnTally() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Random rnd = new Random(5);
    try (LogVolume v = LogVolume.open(dir, CleanerTest.CONFIG, new TestClock(), Durability.ASYNC);
        Cleaner cleaner =
            new Cleaner(v, RetentionPolicy.ALWAYS, CleanerConfig.defaults(), registry)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      byte[] block = new byte[CleanerTest.BLOCK];
      long runs = 0;
      for (int i = 0; i < 400; i++) {
        rnd.nextBytes(block);
        int off = rnd.nextInt(CleanerTest.FILE_BYTES / CleanerTest.BLOCK) * CleanerTest.BLOCK;
        v.write(ino, off, ByteBuffer.wrap(block));
        while (cleaner.step()) {
          runs++;
        }
      }
      String volume = v.uuid().toString();
      assertTrue(cleaner.segmentsDeleted() > 0, "the test must make the cleaner work");
      assertEquals(runs, count(registry, MetricNames.CLEANER_RUNS, volume));
      assertEquals(
          cleaner.segmentsDeleted(), count(registry, MetricNames.CLEANER_SEGMENTS_FREED, volume));
      assertEquals(cleaner.bytesMoved(), count(registry, MetricNames.CLEANER_BYTES_MOVED, volume));
    }
  }

  private static double count(SimpleMeterRegistry registry, String name, String volume) {
    return registry.get(name).tag("volume", volume).counter().count();
  }
}
