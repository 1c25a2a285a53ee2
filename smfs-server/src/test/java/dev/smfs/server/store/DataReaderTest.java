package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads that take whole extents go through the reading thread's scratch buffer, one record at a
 * time; these cases would return another record's bytes if a scratch-backed record were kept.
 */
class DataReaderTest {
  static final VolumeConfig CONFIG =
      new VolumeConfig(new LogConfig(8 << 20, 3 << 20), 1L << 40, 1L << 32, 2 << 20);

  @TempDir Path dir;

  private static byte[] bytes(int seed, int n) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static byte[] read(LogVolume v, long ino, long offset, int n) {
    ByteBuffer dst = ByteBuffer.allocateDirect(n);
    assertEquals(n, v.read(ino, offset, dst));
    byte[] out = new byte[n];
    dst.flip().get(out);
    return out;
  }

  @Test
  void oneRecordFeedingTwoExtentsOfOneReadGivesEachItsOwnBytes() throws IOException {
    byte[] a = bytes(1, 30_000);
    byte[] b = bytes(2, 10_000);
    byte[] expected = a.clone();
    System.arraycopy(b, 0, expected, 10_000, b.length);
    try (LogVolume v = LogVolume.open(dir, CONFIG, new TestClock(), Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      v.write(ino, 0, ByteBuffer.wrap(a));
      v.write(ino, 10_000, ByteBuffer.wrap(b));
      assertEquals(3, v.index().extents(ino).size(), "A, B, A");

      // Whole extents: record A, then B, then A again, all through the same scratch buffer.
      assertArrayEquals(expected, read(v, ino, 0, 30_000));
      // Cut extents (cached path) at both ends, whole one in the middle, then whole again.
      assertArrayEquals(Arrays.copyOfRange(expected, 5_000, 25_000), read(v, ino, 5_000, 20_000));
      assertArrayEquals(expected, read(v, ino, 0, 30_000));
    }
    try (LogVolume v = LogVolume.open(dir, CONFIG, new TestClock(), Durability.ASYNC)) {
      long ino = v.lookup(Volume.ROOT, "f").ino();
      assertArrayEquals(expected, read(v, ino, 0, 30_000), "after reopen, from disk only");
    }
  }

  @Test
  void aWholeReadLeavesNothingInTheCacheThatALaterReadCouldFind() throws IOException {
    byte[] one = bytes(5, 30_000);
    byte[] two = bytes(6, 60_000);
    try (LogVolume v = LogVolume.open(dir, CONFIG, new TestClock(), Durability.ASYNC)) {
      long f1 = v.create(Volume.ROOT, "one", 0644, 0, 0).ino();
      long f2 = v.create(Volume.ROOT, "two", 0644, 0, 0).ino();
      v.write(f1, 0, ByteBuffer.wrap(one));
      v.write(f2, 0, ByteBuffer.wrap(two));
      assertArrayEquals(one, read(v, f1, 0, one.length)); // record one into this thread's scratch
      assertArrayEquals(two, read(v, f2, 0, two.length)); // record two over it
      // A piece of record one: a cached view of the scratch buffer would now hold record two.
      assertArrayEquals(Arrays.copyOfRange(one, 100, 5_100), read(v, f1, 100, 5_000));
    }
  }

  @Test
  void recordLargerThanTheScratchBufferIsReadIntoItsOwn() throws IOException {
    int n = DataReader.SCRATCH_BYTES + 300_000;
    byte[] big = bytes(3, n);
    byte[] small = bytes(4, 4_000);
    try (LogVolume v = LogVolume.open(dir, CONFIG, new TestClock(), Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "big", 0644, 0, 0).ino();
      v.write(ino, 0, ByteBuffer.wrap(big));
      v.write(ino, n, ByteBuffer.wrap(small));
      assertEquals(2, v.index().extents(ino).size());
      byte[] expected = new byte[n + small.length];
      System.arraycopy(big, 0, expected, 0, n);
      System.arraycopy(small, 0, expected, n, small.length);
      assertArrayEquals(expected, read(v, ino, 0, expected.length));
    }
  }
}
