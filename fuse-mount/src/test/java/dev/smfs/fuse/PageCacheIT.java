package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.ForwardingVolume;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel keeps a file's cached pages across opens (keep_cache), and drops them on change. */
@Timeout(60)
class PageCacheIT {
  @TempDir Path dir;

  /** Counts the reads that reach the volume, i.e. that the page cache did not serve. */
  private static final class CountingVolume extends ForwardingVolume {
    final AtomicLong reads = new AtomicLong();

    CountingVolume(Volume delegate) {
      super(delegate);
    }

    @Override
    public int read(long ino, long offset, ByteBuffer dst) {
      reads.incrementAndGet();
      return super.read(ino, offset, dst);
    }
  }

  private static CountingVolume countingVolume() {
    return new CountingVolume(
        new InMemoryVolume(Clock.systemUTC(), 64L << 20, InMemoryVolume.DEFAULT_MAX_INODES));
  }

  private FuseMount mount(Path mnt, CountingVolume volume) throws Exception {
    MountedFs.assumeFuse();
    Files.createDirectories(mnt);
    return FuseMount.mount(
        mnt, new OpenedVolume(volume, null), MountOptions.defaults(false), Duration.ofSeconds(20));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void secondOpenReadsFromThePageCache() throws Exception {
    CountingVolume volume = countingVolume();
    try (FuseMount m = mount(dir.resolve("mnt"), volume)) {
      Path f = m.mountPoint().resolve("f");
      byte[] data = bytes(1 << 20, 1);
      Files.write(f, data);
      assertArrayEquals(data, Files.readAllBytes(f));
      long afterFirst = volume.reads.get();
      assertArrayEquals(data, Files.readAllBytes(f));
      assertEquals(afterFirst, volume.reads.get(), "the re-open was served from the page cache");
    }
  }

  @Test
  void writeThroughTheMountIsSeenByTheNextOpen() throws Exception {
    CountingVolume volume = countingVolume();
    try (FuseMount m = mount(dir.resolve("mnt"), volume)) {
      Path f = m.mountPoint().resolve("f");
      Files.write(f, bytes(256 << 10, 2));
      Files.readAllBytes(f);
      byte[] second = bytes(100_000, 3);
      Files.write(f, second); // O_TRUNC and a shorter file
      assertArrayEquals(second, Files.readAllBytes(f));
      assertTrue(volume.reads.get() > 0);
    }
  }
}
