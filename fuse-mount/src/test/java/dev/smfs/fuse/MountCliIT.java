package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code smfs mount} and {@code smfs umount} through the real launcher ({@code deploy/bin/smfs},
 * which runs the packaged {@code fuse-mount/target/smfs.jar}): background mode, refusals, and a
 * clean stop of a foreground mount on SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MountCliIT {
  @TempDir Path tmp;
  private final List<Path> mountPoints = new ArrayList<>();

  @BeforeEach
  void requireFuse() {
    MountedFs.assumeFuse();
  }

  @AfterEach
  void unmountEverything() {
    mountPoints.forEach(MountedFs::forceUnmount);
  }

  private Path mountPoint(String name) throws Exception {
    Path p = Files.createDirectory(tmp.resolve(name));
    mountPoints.add(p);
    return p;
  }

  private Shell.Result smfs(String... args) {
    return Launcher.run(tmp, args);
  }

  private static void assertOneLineFailure(Shell.Result r, int exit, String fragment) {
    assertEquals(exit, r.exitCode(), r.output());
    String text = r.output().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains(fragment), text);
  }

  @Test
  void backgroundMountServesFilesAndUmountFreesTheDataDirectory() throws Exception {
    Path mnt = mountPoint("mnt");
    Path data = tmp.resolve("data");
    Shell.Result mounted = smfs("mount", mnt.toString(), "--data", data.toString());
    assertEquals(0, mounted.exitCode(), mounted.output());
    assertTrue(MountTable.isMounted(mnt));
    assertEquals("fuse.smfs", MountTable.find(mnt).orElseThrow().fsType());
    Path readAhead =
        ReadAhead.SYS_BDI
            .resolve(MountTable.find(mnt).orElseThrow().device())
            .resolve("read_ahead_kb");
    if (Files.isWritable(readAhead)) { // root: the daemon raised it after INIT, and it stuck
      assertEquals(ReadAhead.WANTED_KIB, Integer.parseInt(Files.readString(readAhead).trim()));
    }
    Files.writeString(mnt.resolve("hello.txt"), "hello from the CLI mount");
    assertEquals("hello from the CLI mount", Files.readString(mnt.resolve("hello.txt")));

    Shell.Result umount = smfs("umount", mnt.toString());
    assertEquals(0, umount.exitCode(), umount.output());
    assertFalse(MountTable.isMounted(mnt));
    assertTrue(Files.readString(data.resolve(Mounts.LOG_FILE)).contains("volume closed"));

    // The daemon released the data directory before umount returned: it mounts again at once.
    Shell.Result again = smfs("mount", mnt.toString(), "--data", data.toString());
    assertEquals(0, again.exitCode(), again.output());
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());
  }

  /**
   * {@code --no-xattrs} through a background mount (so through the detached child's arguments):
   * xattr calls fail with EOPNOTSUPP, files work, and the attributes stored by an earlier mount are
   * back once the volume is mounted without the flag.
   */
  @Test
  void noXattrsMountRefusesXattrsAndKeepsTheStoredOnes() throws Exception {
    Path mnt = mountPoint("mnt");
    Path data = tmp.resolve("data");
    UserDefinedFileAttributeView view;
    assertEquals(0, smfs("mount", mnt.toString(), "--data", data.toString()).exitCode());
    Path f = mnt.resolve("f");
    Files.writeString(f, "one");
    view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    view.write("k", ByteBuffer.wrap(new byte[] {7}));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());

    Shell.Result mounted = smfs("mount", mnt.toString(), "--data", data.toString(), "--no-xattrs");
    assertEquals(0, mounted.exitCode(), mounted.output());
    view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    UserDefinedFileAttributeView noXattrs = view;
    IOException listed = assertThrows(IOException.class, noXattrs::list);
    assertTrue(listed.getMessage().contains("Operation not supported"), listed.getMessage());
    IOException written =
        assertThrows(IOException.class, () -> noXattrs.write("j", ByteBuffer.wrap(new byte[1])));
    assertTrue(written.getMessage().contains("Operation not supported"), written.getMessage());
    Files.writeString(f, "two", StandardOpenOption.APPEND);
    assertEquals("onetwo", Files.readString(f));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());

    assertEquals(0, smfs("mount", mnt.toString(), "--data", data.toString()).exitCode());
    view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    assertEquals(List.of("k"), view.list());
    assertEquals("onetwo", Files.readString(f));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());
  }

  /**
   * {@code --allow-other}: another user reaches the mount, under the kernel's permission checks
   * ({@code default_permissions}); without it the mount is its mounter's alone.
   */
  @Test
  void allowOtherLetsOtherUsersInUnderPermissionChecks() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as another user");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path mnt = mountPoint("shared");
    Path data = tmp.resolve("data");
    Shell.Result mounted =
        smfs("mount", mnt.toString(), "--data", data.toString(), "--allow-other");
    assertEquals(0, mounted.exitCode(), mounted.output());
    Files.setPosixFilePermissions(mnt, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path open = mnt.resolve("public");
    Files.writeString(open, "hello");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path closed = Files.createDirectory(mnt.resolve("private"));
    Files.writeString(closed.resolve("f"), "secret");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));

    Shell.Result read = asNobody("cat", open.toString());
    assertEquals(0, read.exitCode(), read.output());
    assertEquals("hello", read.output());
    assertDenied(asNobody("sh", "-c", "echo x >> " + open));
    assertDenied(asNobody("ls", closed.toString()));
    assertEquals("hello", Files.readString(open));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());

    assertEquals(0, smfs("mount", mnt.toString(), "--data", data.toString()).exitCode());
    assertDenied(asNobody("cat", open.toString()));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());
  }

  /** Runs {@code cmd} as user and group 65534 (nobody), without supplementary groups. */
  private Shell.Result asNobody(String... cmd) {
    List<String> all =
        new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    all.addAll(List.of(cmd));
    return Shell.run(tmp, all.toArray(new String[0]));
  }

  private static void assertDenied(Shell.Result r) {
    assertTrue(r.exitCode() != 0, r.output());
    assertTrue(r.output().contains("Permission denied"), r.output());
  }

  @Test
  void mountRefusesAMissingMountPoint() {
    Shell.Result r =
        smfs("mount", tmp.resolve("nope").toString(), "--data", tmp.resolve("d").toString());
    assertOneLineFailure(r, 1, "does not exist");
  }

  @Test
  void mountRefusesANonEmptyMountPoint() throws Exception {
    Path mnt = mountPoint("full");
    Files.writeString(mnt.resolve("something"), "x");
    Shell.Result r = smfs("mount", mnt.toString(), "--data", tmp.resolve("d").toString());
    assertOneLineFailure(r, 1, "not empty");
  }

  @Test
  void mountRefusesAMountPointAlreadyMountedAndADataDirectoryInUse() throws Exception {
    Path mnt = mountPoint("mnt");
    Path other = mountPoint("other");
    Path data = tmp.resolve("data");
    assertEquals(0, smfs("mount", mnt.toString(), "--data", data.toString()).exitCode());
    assertOneLineFailure(
        smfs("mount", mnt.toString(), "--data", tmp.resolve("data2").toString()),
        1,
        "already mounted");
    assertOneLineFailure(smfs("mount", other.toString(), "--data", data.toString()), 1, "in use");
    assertFalse(MountTable.isMounted(other));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());
  }

  @Test
  void networkSyncWithoutMirrorIsAUsageError() throws Exception {
    Shell.Result r =
        smfs(
            "mount",
            mountPoint("m").toString(),
            "--data",
            tmp.resolve("d").toString(),
            "--safety",
            "network-sync");
    assertOneLineFailure(r, 2, "needs --mirror");
  }

  @Test
  void mirrorWithoutPortIsAUsageError() throws Exception {
    Shell.Result r =
        smfs(
            "mount",
            mountPoint("m").toString(),
            "--data",
            tmp.resolve("d").toString(),
            "--mirror",
            "127.0.0.1");
    assertOneLineFailure(r, 2, "--mirror");
  }

  @Test
  void umountOfADirectoryThatIsNotMountedFails() throws Exception {
    assertOneLineFailure(smfs("umount", mountPoint("m").toString()), 1, "not mounted");
  }

  /**
   * SIGTERM is how systemd stops the service; SIGINT is Ctrl-C on a terminal's foreground mount.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void foregroundMountUnmountsAndClosesTheVolumeOnSignal(String signal) throws Exception {
    Path mnt = mountPoint("fg");
    Path data = tmp.resolve("data");
    Path log = tmp.resolve("fg.log");
    Process p = Launcher.mountForeground(mnt, log, "--data", data.toString());
    try {
      Files.writeString(mnt.resolve("f"), "x");
      Shell.ok(tmp, "kill", "-" + signal, Long.toString(p.pid()));
      assertTrue(
          p.waitFor(60, TimeUnit.SECONDS),
          () -> "no exit after SIG" + signal + ": " + Launcher.read(log));
      assertFalse(MountTable.isMounted(mnt));
      assertTrue(Launcher.read(log).contains("volume closed"), () -> Launcher.read(log));
      VolumeOpener.checkNotInUse(data);
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, smfs("mount", mnt.toString(), "--data", data.toString()).exitCode());
    assertEquals("x", Files.readString(mnt.resolve("f")));
    assertEquals(0, smfs("umount", mnt.toString()).exitCode());
  }
}
