package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  /** More than one 64 MiB segment, so the kill finds a sealed segment behind the head. */
  private static final long KILL_AFTER_BYTES = 80L << 20;

  private static final long SEED = 0xC4A5L;

  @TempDir Path tmp;
  private Path mnt;
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
    if (mnt != null) {
      MountedFs.forceUnmount(mnt);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"async", "local-sync"})
  void sigkilledDaemonLosesNoReturnedWrite(String safety) throws Exception {
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path data = tmp.resolve("data");
    Path log = tmp.resolve("daemon.log");
    daemon = Launcher.mountForeground(mnt, log, "--data", data.toString(), "--safety", safety);

    // Finished work: a tree of files, links, modes and times, every call returned.
    Trees.generate(mnt.resolve("tree"), 300, SEED);
    Map<String, String> tree = Trees.snapshot(mnt.resolve("tree"), true);

    // Work in progress: one appender, recording what returned, killed under it.
    Appender appender = new Appender(mnt.resolve("append.bin"), SEED, KILL_AFTER_BYTES);
    appender.awaitPast(120);
    daemon.destroyForcibly(); // SIGKILL: no flush, no unmount, no volume close
    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon survived SIGKILL");
    long acked = appender.stopped();
    assertFalse(
        Launcher.read(log).contains("volume closed"), "the daemon closed its volume: not a crash");
    MountedFs.forceUnmount(mnt); // the dead mount's entry; the data directory's lock died with it

    Shell.Result remount =
        Launcher.run(tmp, "mount", mnt.toString(), "--data", data.toString(), "--safety", safety);
    assertEquals(0, remount.exitCode(), remount.output());
    Trees.assertSame(tree, Trees.snapshot(mnt.resolve("tree"), true));
    Appender.verify(mnt.resolve("append.bin"), SEED, acked);

    Shell.Result umount = Launcher.run(tmp, "umount", mnt.toString());
    assertEquals(0, umount.exitCode(), umount.output());
    Shell.Result fsck = Launcher.run(tmp, "fsck", "--data", data.toString());
    assertEquals(0, fsck.exitCode(), fsck.output());
  }
}
