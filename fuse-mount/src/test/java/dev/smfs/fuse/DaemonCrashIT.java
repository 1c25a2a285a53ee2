package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mount daemon killed with SIGKILL, for real, while a writer appends through it: the next mount
 * of its data directory recovers, and every write that returned before the kill is there, with
 * nothing but written bytes after it.
 *
 * <p>A process crash keeps the kernel's page cache, so this holds at {@code async} as well as at
 * {@code local-sync}: a returned write is in the segment file's pages (at local-sync also on the
 * disk), and the next mount replays the log past what the index had flushed. What a machine crash
 * may lose (the page cache itself) is the log's crash tests' business. The kill lands after a
 * segment roll, so recovery also crosses a sealed segment and, at local-sync, a preallocated head.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DaemonCrashIT {
  private static final int CHUNK = 64 * 1024;

  /** More than one 64 MiB segment, so the kill finds a sealed segment behind the head. */
  private static final long KILL_AFTER_BYTES = 80L << 20;

  private static final long SEED = 0xC4A5L;

  @TempDir Path tmp;
  private final List<Path> mountPoints = new ArrayList<>();
  private Process daemon;

  @BeforeEach
  void requireFuse() {
    MountedFs.assumeFuse();
  }

  @AfterEach
  void cleanUp() {
    if (daemon != null) {
      daemon.destroyForcibly();
    }
    mountPoints.forEach(MountedFs::forceUnmount);
  }

  @ParameterizedTest
  @ValueSource(strings = {"async", "local-sync"})
  void sigkilledDaemonLosesNoReturnedWrite(String safety) throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    mountPoints.add(mnt);
    Path data = tmp.resolve("data");
    Path log = tmp.resolve("daemon.log");
    daemon = Launcher.mountForeground(mnt, log, "--data", data.toString(), "--safety", safety);

    // Finished work: a tree of files, links, modes and times, every call returned.
    Trees.generate(mnt.resolve("tree"), 300, SEED);
    Map<String, String> tree = Trees.snapshot(mnt.resolve("tree"), true);

    // Work in progress: one appender, recording what returned, killed under it.
    AtomicLong returned = new AtomicLong();
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    CountDownLatch farEnough = new CountDownLatch(1);
    Thread appender =
        new Thread(
            () -> {
              try (FileChannel ch =
                  FileChannel.open(
                      mnt.resolve("append.bin"),
                      StandardOpenOption.CREATE_NEW,
                      StandardOpenOption.WRITE,
                      StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (long at = 0; ; at += CHUNK) {
                  fill(buf, at);
                  while (buf.hasRemaining()) {
                    ch.write(buf);
                  }
                  returned.set(at + CHUNK);
                  if (at + CHUNK >= KILL_AFTER_BYTES) {
                    farEnough.countDown();
                  }
                }
              } catch (Throwable t) {
                stoppedBy.set(t); // the expected end: the mount died under the write
              } finally {
                farEnough.countDown();
              }
            },
            "crash-appender");
    appender.start();
    assertTrue(farEnough.await(120, TimeUnit.SECONDS), "appender stalled");
    assertTrue(appender.isAlive(), () -> "appender stopped early: " + stoppedBy.get());

    daemon.destroyForcibly(); // SIGKILL: no flush, no unmount, no volume close
    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon survived SIGKILL");
    appender.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(appender.isAlive(), "appender still blocked after the daemon died");
    assertNotNull(stoppedBy.get(), "appender ended without an error");
    assertFalse(
        Launcher.read(log).contains("volume closed"), "the daemon closed its volume: not a crash");
    long acked = returned.get();
    MountedFs.forceUnmount(mnt); // the dead mount's entry; the data directory's lock died with it

    Shell.Result remount =
        Launcher.run(tmp, "mount", mnt.toString(), "--data", data.toString(), "--safety", safety);
    assertEquals(0, remount.exitCode(), remount.output());

    Trees.assertSame(tree, Trees.snapshot(mnt.resolve("tree"), true));
    Path appended = mnt.resolve("append.bin");
    long size = Files.size(appended);
    assertTrue(size >= acked, () -> "returned writes lost: size=" + size + " acked=" + acked);
    // One write was in flight at most; it may have landed, nothing else may.
    assertTrue(size <= acked + CHUNK, () -> "size=" + size + " acked=" + acked);
    verify(appended, size);

    Shell.Result umount = Launcher.run(tmp, "umount", mnt.toString());
    assertEquals(0, umount.exitCode(), umount.output());
    Shell.Result fsck = Launcher.run(tmp, "fsck", "--data", data.toString());
    assertEquals(0, fsck.exitCode(), fsck.output());
  }

  /** The content every test write puts at {@code offset}: each long names its own position. */
  private static long word(long offset) {
    long z = (offset + SEED) * 0x9E3779B97F4A7C15L;
    return z ^ (z >>> 31);
  }

  private static void fill(ByteBuffer buf, long at) {
    buf.clear();
    for (int i = 0; i < CHUNK; i += Long.BYTES) {
      buf.putLong(i, word(at + i));
    }
  }

  private static void verify(Path file, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long at = 0; at < size; at += CHUNK) {
        buf.clear();
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
          // read until the chunk or the file ends
        }
        buf.flip();
        for (int i = 0; i + Long.BYTES <= buf.limit(); i += Long.BYTES) {
          if (buf.getLong(i) != word(at + i)) {
            throw new AssertionError("wrong bytes at offset " + (at + i) + " of " + size);
          }
        }
      }
    }
  }
}
