package dev.smfs.server.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.LogConfig;
import dev.smfs.server.progress.Progress;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsck reports its walk over the segments as progress in bytes. */
class FsckProgressTest {
  @TempDir Path dir;

  @Test
  void progressCoversEverySegmentByteOnce() throws Exception {
    VolumeConfig config =
        new VolumeConfig(new LogConfig(256 << 10, 64 << 10), 1L << 40, 1L << 32, 32 << 10);
    try (LogVolume v = LogVolume.open(dir, config, new TestClock(), Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      for (int i = 0; i < 40; i++) {
        v.write(ino, (long) i * (30 << 10), ByteBuffer.wrap(new byte[30 << 10]));
      }
    }
    long onDisk;
    try (Stream<Path> files = Files.list(dir.resolve(LogVolume.LOG_DIR))) {
      onDisk =
          files
              .filter(p -> p.toString().endsWith(".log"))
              .mapToLong(p -> p.toFile().length())
              .sum();
    }
    List<String> lines = new ArrayList<>();
    long[] totals = new long[1];
    List<Progress> started = new ArrayList<>();
    FsckReport r =
        Fsck.check(
            dir,
            (task, total, unit) -> {
              totals[0] = total;
              Progress p = Progress.toLines(task, total, unit, lines::add, System::nanoTime);
              started.add(p);
              return p;
            });
    assertTrue(r.clean(), () -> r.problems().toString());
    assertTrue(r.segments() > 1, "segments=" + r.segments());
    assertEquals(1, started.size());
    assertEquals(onDisk, totals[0]);
    assertEquals(onDisk, started.get(0).done());
    assertEquals(1, lines.size(), lines::toString); // closed: the final line
    assertTrue(lines.get(0).startsWith("done task=fsck"), lines.get(0));
  }
}
