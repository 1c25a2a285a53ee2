package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.fsck.FsckReport;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads writing their own files and one shared file at once, with local-sync durability (so group
 * commit runs across threads): every file reads back as written, each write to a shared block is
 * atomic (the block holds one writer's bytes), and the state survives reopen.
 */
class LogVolumeConcurrencyTest {
  static final int THREADS = 4;
  static final int BLOCKS = 64;
  static final int BLOCK = 4096;
  static final int ROUNDS = 3;

  @TempDir Path dir;

  private static byte[] block(int thread, int i) {
    byte[] b = new byte[BLOCK];
    Arrays.fill(b, (byte) (thread * 64 + i % 64 + 1));
    return b;
  }

  @Test
  void concurrentWritersToOwnAndSharedFilesGetConsistentResults() throws Exception {
    TestClock clock = new TestClock();
    long[] own = new long[THREADS];
    long shared;
    try (LogVolume v = LogVolume.open(dir, VolumeConfig.defaults(), clock, Durability.LOCAL_SYNC)) {
      for (int t = 0; t < THREADS; t++) {
        own[t] = v.create(Volume.ROOT, "own" + t, 0644, 0, 0).ino();
      }
      shared = v.create(Volume.ROOT, "shared", 0644, 0, 0).ino();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int r = 0; r < ROUNDS; r++) {
                      for (int i = 0; i < BLOCKS; i++) {
                        v.write(own[thread], (long) i * BLOCK, ByteBuffer.wrap(block(thread, i)));
                        if (i % THREADS == thread) {
                          v.write(shared, (long) i * BLOCK, ByteBuffer.wrap(block(thread, i)));
                        }
                        v.write(shared, (long) BLOCKS * BLOCK, ByteBuffer.wrap(block(thread, 0)));
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      check(v, own, shared);
    }
    try (LogVolume v = LogVolume.open(dir, VolumeConfig.defaults(), clock, Durability.ASYNC)) {
      check(v, own, shared);
    }
    FsckReport r = Fsck.check(dir);
    assertTrue(r.clean(), () -> r.problems().toString());
  }

  private static void check(LogVolume v, long[] own, long shared) {
    for (int t = 0; t < THREADS; t++) {
      ByteBuffer dst = ByteBuffer.allocate(BLOCKS * BLOCK);
      assertEquals(BLOCKS * BLOCK, v.read(own[t], 0, dst));
      for (int i = 0; i < BLOCKS; i++) {
        assertArrayEquals(
            block(t, i), Arrays.copyOfRange(dst.array(), i * BLOCK, (i + 1) * BLOCK), "own" + t);
      }
    }
    ByteBuffer dst = ByteBuffer.allocate((BLOCKS + 1) * BLOCK);
    assertEquals((BLOCKS + 1) * BLOCK, v.read(shared, 0, dst));
    for (int i = 0; i < BLOCKS; i++) {
      assertArrayEquals(
          block(i % THREADS, i), Arrays.copyOfRange(dst.array(), i * BLOCK, (i + 1) * BLOCK));
    }
    byte[] last = Arrays.copyOfRange(dst.array(), BLOCKS * BLOCK, (BLOCKS + 1) * BLOCK);
    boolean oneWriter = false;
    for (int t = 0; t < THREADS; t++) {
      oneWriter |= Arrays.equals(block(t, 0), last);
    }
    assertTrue(oneWriter, "shared last block mixes writers");
  }
}
