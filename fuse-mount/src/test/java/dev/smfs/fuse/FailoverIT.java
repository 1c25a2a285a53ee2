package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's runbook (docs/operations.md, "Failover" and "Resynchronising a mirror from
 * scratch") with real processes: a remote-sync primary at site A is killed with SIGKILL while it
 * writes; site B's mirror is stopped and promoted; the volume is mounted at B with a fresh mirror
 * back at site A; then that mirror is promoted in turn. Each side must hold every write that
 * returned, and both data directories must pass {@code fsck}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FailoverIT {
  private static final long SEED = 0xFA11L;
  private static final long KILL_AFTER_BYTES = 16L << 20;

  @TempDir Path tmp;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Path> mounts = new ArrayList<>();

  @BeforeEach
  void requireFuse() {
    MountedFs.assumeFuse();
  }

  @AfterEach
  void cleanUp() {
    daemons.forEach(Process::destroyForcibly);
    mounts.forEach(MountedFs::forceUnmount);
  }

  private Path mountPoint(String name) throws Exception {
    Path p = Files.createDirectory(tmp.resolve(name));
    mounts.add(p);
    return p;
  }

  private Process daemon(Process p) {
    daemons.add(p);
    return p;
  }

  private void ok(String... args) {
    Shell.Result r = Launcher.run(tmp, args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + ": " + r.output());
  }

  /** {@code smfs promote --data DIR}: the promoted data directory from its one-line answer. */
  private Path promote(Path mirrorData, int epoch) {
    Shell.Result r = Launcher.run(tmp, "promote", "--data", mirrorData.toString());
    assertEquals(0, r.exitCode(), r.output());
    String line = r.output().strip();
    assertTrue(line.contains(" epoch=" + epoch + " "), line);
    return Path.of(line.substring(line.indexOf(" data=") + " data=".length()));
  }

  @Test
  void primaryLostFailoverToMirrorThenResynchroniseTheOldSite() throws Exception {
    // Site A: the primary at remote-sync; site B: its mirror.
    int portB = Launcher.freeUdpPort();
    Process mirrorB = daemon(Launcher.startMirror(tmp, tmp.resolve("b-mirror"), portB));
    Path mntA = mountPoint("a");
    Process primaryA =
        daemon(
            Launcher.mountForeground(
                mntA,
                tmp.resolve("a.log"),
                "--data",
                tmp.resolve("a-primary").toString(),
                "--mirror",
                "127.0.0.1:" + portB,
                "--insecure",
                "--safety",
                "remote-sync",
                "--rate-mbit",
                "1000"));
    Trees.generate(mntA.resolve("tree"), 200, SEED);
    Map<String, String> tree = Trees.snapshot(mntA.resolve("tree"), true);
    Appender appender = new Appender(mntA.resolve("append.bin"), SEED, KILL_AFTER_BYTES);
    appender.awaitPast(120);
    primaryA.destroyForcibly(); // site A is lost, mid-write
    assertTrue(primaryA.waitFor(30, TimeUnit.SECONDS), "primary survived SIGKILL");
    long acked = appender.stopped();
    MountedFs.forceUnmount(mntA);

    // Failover: stop the mirror, promote it, mount there with a fresh mirror at site A.
    Launcher.stop(mirrorB);
    Path dataB = promote(tmp.resolve("b-mirror"), 2);
    int portA = Launcher.freeUdpPort();
    Process mirrorA = daemon(Launcher.startMirror(tmp, tmp.resolve("a-mirror"), portA));
    Path mntB = mountPoint("b");
    ok(
        "mount",
        mntB.toString(),
        "--data",
        dataB.toString(),
        "--mirror",
        "127.0.0.1:" + portA,
        "--insecure",
        "--safety",
        "remote-sync",
        "--rate-mbit",
        "1000");
    Trees.assertSame(tree, Trees.snapshot(mntB.resolve("tree"), true));
    Appender.verify(mntB.resolve("append.bin"), SEED, acked);
    // At remote-sync this returns once site A's new replica holds it, and a mirror applies records
    // in order only: so once it returns, the replica holds the whole volume.
    Files.writeString(mntB.resolve("after-failover"), "written at site B");
    Map<String, String> atB = Trees.snapshot(mntB, true);
    ok("umount", mntB.toString());
    Launcher.stop(mirrorA);

    // Site A's replica, promoted in turn, is the volume as site B left it.
    Path dataA = promote(tmp.resolve("a-mirror"), 3);
    Path mntA2 = mountPoint("a2");
    ok("mount", mntA2.toString(), "--data", dataA.toString());
    Trees.assertSame(atB, Trees.snapshot(mntA2, true));
    ok("umount", mntA2.toString());
    ok("fsck", "--data", dataA.toString());
    ok("fsck", "--data", dataB.toString());
  }
}
