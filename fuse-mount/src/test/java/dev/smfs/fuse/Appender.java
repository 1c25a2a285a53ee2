package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread appending {@value #CHUNK}-byte writes to a new file until a write fails, recording how
 * many bytes had returned: the workload the crash tests kill a daemon under. Every long of the
 * content names its own file offset (mixed with a seed), so any byte in the wrong place is caught.
 */
final class Appender {
  static final int CHUNK = 64 * 1024;

  private final long seed;
  private final long signalAfter;
  private final AtomicLong returned = new AtomicLong();
  private final AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
  private final CountDownLatch farEnough = new CountDownLatch(1);
  private final Thread thread;

  /** Starts appending to {@code file}; {@link #awaitPast} returns once {@code signalAfter} did. */
  Appender(Path file, long seed, long signalAfter) {
    this.seed = seed;
    this.signalAfter = signalAfter;
    this.thread = new Thread(() -> run(file), "appender");
    thread.start();
  }

  private void run(Path file) {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (long at = 0; ; at += CHUNK) {
        buf.clear();
        for (int i = 0; i < CHUNK; i += Long.BYTES) {
          buf.putLong(i, word(seed, at + i));
        }
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        returned.set(at + CHUNK);
        if (at + CHUNK >= signalAfter) {
          farEnough.countDown();
        }
      }
    } catch (Throwable t) {
      stoppedBy.set(t); // the expected end: the mount died under the write
    } finally {
      farEnough.countDown();
    }
  }

  /** Waits (bounded) until the appender has had {@code signalAfter} bytes returned. */
  void awaitPast(long timeoutSeconds) throws InterruptedException {
    assertTrue(farEnough.await(timeoutSeconds, TimeUnit.SECONDS), "appender stalled");
    assertTrue(thread.isAlive(), () -> "appender stopped early: " + stoppedBy.get());
  }

  /**
   * After the daemon under it died: waits (bounded) for the appender to fail and returns the bytes
   * whose writes had returned.
   */
  long stopped() throws InterruptedException {
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(thread.isAlive(), "appender still blocked after the daemon died");
    assertNotNull(stoppedBy.get(), "appender ended without an error");
    return returned.get();
  }

  /**
   * Asserts that {@code file} holds every byte of the {@code acked} returned, at most the one write
   * that was in flight beyond them, and nothing but the appender's content.
   */
  static void verify(Path file, long seed, long acked) throws IOException {
    long size = Files.size(file);
    assertTrue(size >= acked, () -> "returned writes lost: size=" + size + " acked=" + acked);
    assertTrue(size <= acked + CHUNK, () -> "size=" + size + " acked=" + acked);
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long at = 0; at < size; at += CHUNK) {
        buf.clear();
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
          // read until the chunk or the file ends
        }
        buf.flip();
        for (int i = 0; i + Long.BYTES <= buf.limit(); i += Long.BYTES) {
          if (buf.getLong(i) != word(seed, at + i)) {
            throw new AssertionError("wrong bytes at offset " + (at + i) + " of " + size);
          }
        }
      }
    }
  }

  private static long word(long seed, long offset) {
    long z = (offset + seed) * 0x9E3779B97F4A7C15L;
    return z ^ (z >>> 31);
  }
}
