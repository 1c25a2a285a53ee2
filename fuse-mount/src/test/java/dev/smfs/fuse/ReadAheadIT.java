package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smfs.server.volume.InMemoryVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The read-ahead window of a live mount, raised after the INIT handshake so that it sticks. */
@Timeout(60)
class ReadAheadIT {
  @TempDir Path dir;

  @Test
  void aMountRunsWithTheWiderReadAheadWhereSysfsIsWritable() throws Exception {
    MountedFs.assumeFuse();
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    try (FuseMount m =
        FuseMount.mount(
            mnt,
            new OpenedVolume(
                new InMemoryVolume(Clock.systemUTC(), 1L << 20, InMemoryVolume.DEFAULT_MAX_INODES),
                null),
            MountOptions.defaults(false),
            Duration.ofSeconds(20))) {
      String device = MountTable.find(m.mountPoint()).orElseThrow().device();
      Path file = ReadAhead.SYS_BDI.resolve(device).resolve("read_ahead_kb");
      assumeTrue(Files.isWritable(file), "no writable " + file + " (not root?)");
      assertEquals(ReadAhead.WANTED_KIB, Integer.parseInt(Files.readString(file).trim()));
    }
  }
}
