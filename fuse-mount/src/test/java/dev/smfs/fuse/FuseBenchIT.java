package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.volume.InMemoryVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code smfs bench fuse} end to end on a small size: every target measured, the JSON complete. */
@Timeout(180)
class FuseBenchIT {
  @TempDir Path dir;

  @Test
  void measuresEveryTargetAndReportsWriteWithAndWithoutFsync() throws Exception {
    MountedFs.assumeFuse();
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Path nat = Files.createDirectories(dir.resolve("native"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    FuseBench bench = new FuseBench(4, new PrintStream(log, true, StandardCharsets.UTF_8));
    List<FuseBench.Figures> all;
    try (FuseMount m =
        FuseMount.mount(
            mnt,
            new OpenedVolume(
                new InMemoryVolume(
                    Clock.systemUTC(), 256L << 20, InMemoryVolume.DEFAULT_MAX_INODES),
                null),
            MountOptions.defaults(false),
            Duration.ofSeconds(20))) {
      all = bench.run(m.mountPoint(), nat);
    }
    assertEquals(
        List.of("smfs", "native", "nullfs"), all.stream().map(FuseBench.Figures::target).toList());
    for (FuseBench.Figures f : all) {
      double[] figures = {
        f.write128kMiBps(), f.write1mMiBps(), f.write128kSyncedMiBps(), f.write1mSyncedMiBps(),
        f.firstReadMiBps(), f.rereadMiBps(), f.rereadWarmMiBps(), f.firstRead128kMiBps(),
        f.reread128kMiBps(), f.randWrite4kIops(), f.createsPerSecond()
      };
      for (double v : figures) {
        assertTrue(v > 0 && Double.isFinite(v), f.toString());
      }
      // The synced figure's time includes the write's time, so it can never be the larger.
      assertTrue(f.write128kSyncedMiBps() <= f.write128kMiBps(), f.toString());
      assertTrue(f.write1mSyncedMiBps() <= f.write1mMiBps(), f.toString());
    }
    String json = bench.json(all);
    for (String key :
        List.of(
            "\"write_128k_with_fsync_mib_s\":",
            "\"smfs_vs_nullfs\":{\"write_1m\":",
            "\"smfs_vs_native\":{\"reread\":",
            "\"nullfs_vs_native\":{\"reread\":",
            "\"reread_warm_mib_s\":",
            "\"first_read_128k_mib_s\":",
            "\"reread_128k\":")) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("with fsync"));
  }
}
