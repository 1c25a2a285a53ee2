package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.VolumeInvariants;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once: each writes its own slices of one shared file and churns its own directory.
 * The outcome does not depend on the interleaving, so it is checked exactly.
 */
class InMemoryVolumeConcurrencyTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 400;
  private static final int SLICE = 1000;

  @Test
  void concurrentWritersAndNamespaceChurnLeaveAConsistentVolume() throws Exception {
    InMemoryVolume v = new InMemoryVolume(new TestClock());
    long shared = v.create(Volume.ROOT, "shared", 0644, 0, 0).ino();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        done.add(pool.submit(() -> work(v, shared, id)));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) THREADS * ROUNDS * SLICE, v.getattr(shared).size());
    for (int t = 0; t < THREADS; t++) {
      for (int r = 0; r < ROUNDS; r += 37) {
        ByteBuffer buf = ByteBuffer.allocate(SLICE);
        v.read(shared, slot(t, r), buf);
        assertArrayEquals(slice(t, r), buf.array(), "thread=" + t + " round=" + r);
      }
      long dir = v.lookup(Volume.ROOT, "t" + t).ino();
      assertEquals(1, v.readdir(dir, 0, 100).size());
      ByteBuffer last = ByteBuffer.allocate(SLICE);
      v.read(v.lookup(dir, "current").ino(), 0, last);
      assertArrayEquals(slice(t, ROUNDS - 1), last.array());
    }
    VolumeInvariants.check(v);
  }

  private static void work(Volume v, long shared, int id) {
    long dir = v.mkdir(Volume.ROOT, "t" + id, 0755, 0, 0).ino();
    for (int r = 0; r < ROUNDS; r++) {
      v.write(shared, slot(id, r), ByteBuffer.wrap(slice(id, r)));
      long f = v.create(dir, "f" + r, 0644, 0, 0).ino();
      v.write(f, 0, ByteBuffer.wrap(slice(id, r)));
      v.rename(dir, "f" + r, dir, "current"); // replaces the previous one
    }
  }

  /** Slices of all threads interleave, so neighbouring writes race on the same chunks. */
  private static long slot(int thread, int round) {
    return ((long) round * THREADS + thread) * SLICE;
  }

  private static byte[] slice(int thread, int round) {
    byte[] b = new byte[SLICE];
    for (int i = 0; i < SLICE; i++) {
      b[i] = (byte) (thread * 31 + round * 7 + i);
    }
    return b;
  }
}
