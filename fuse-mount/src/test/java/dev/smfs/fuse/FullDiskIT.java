package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount whose data directory fills up, through the real launcher: the application's write fails
 * with "No space left on device", every file written before stays readable and intact, writing
 * works again once space is freed on the disk, and after a remount everything returned is there and
 * {@code fsck} is clean. The disk is a small tmpfs (needs root to mount; skipped otherwise).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FullDiskIT {
  private static final int FILE_BYTES = 4 << 20;
  private static final long DISK_BYTES = 200L << 20;
  private static final int MAX_FILES = 100; // 400 MiB: more than the disk holds
  private static final long BALLAST_BYTES = 24L << 20;
  private static final long SEED = 0xD15CL;

  @TempDir Path tmp;
  private SmallTmpfs disk;
  private Path mnt;

  @BeforeEach
  void setUp() throws Exception {
    MountedFs.assumeFuse();
    disk = SmallTmpfs.mount(tmp, (DISK_BYTES >> 20) + "m");
    mnt = Files.createDirectory(tmp.resolve("mnt"));
  }

  @AfterEach
  void tearDown() throws Exception {
    MountedFs.forceUnmount(mnt);
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void fullDiskFailsTheWriteKeepsTheDataAndRecoversOnceSpaceIsFreed() throws Exception {
    Path ballast = disk.path().resolve("ballast");
    Files.write(ballast, new byte[(int) BALLAST_BYTES]);
    Path data = disk.path().resolve("data");
    Shell.Result mounted = Launcher.run(tmp, "mount", mnt.toString(), "--data", data.toString());
    assertEquals(0, mounted.exitCode(), mounted.output());

    List<Path> written = new ArrayList<>();
    IOException full = null;
    for (int i = 0; i < MAX_FILES && full == null; i++) {
      Path file = mnt.resolve("f" + i);
      try {
        write(file, i);
        written.add(file);
      } catch (IOException e) {
        full = e;
      }
    }
    assertNotNull(full, "400 MiB fitted on a 200 MiB disk");
    assertTrue(
        String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
    // The disk fills with data, not with a preallocated spare segment: at least half of what was
    // free must have been taken by files (a spare's zero fill used to refuse writes with 44 of
    // 176 MiB still free, after 16 files).
    assertTrue(
        (long) written.size() * FILE_BYTES >= (DISK_BYTES - BALLAST_BYTES) / 2,
        () -> "only " + written.size() + " files of 4 MiB fitted");
    verify(written);

    Files.delete(ballast); // the operator frees space on the disk
    Path after = mnt.resolve("after-space-freed");
    write(after, MAX_FILES);
    written.add(after);
    verify(written);

    Shell.Result umount = Launcher.run(tmp, "umount", mnt.toString());
    assertEquals(0, umount.exitCode(), umount.output());
    Shell.Result again = Launcher.run(tmp, "mount", mnt.toString(), "--data", data.toString());
    assertEquals(0, again.exitCode(), again.output());
    verify(written);
    assertEquals(0, Launcher.run(tmp, "umount", mnt.toString()).exitCode());
    Shell.Result fsck = Launcher.run(tmp, "fsck", "--data", data.toString());
    assertEquals(0, fsck.exitCode(), fsck.output());
  }

  private static byte[] content(int index) {
    byte[] b = new byte[FILE_BYTES];
    new SplittableRandom(SEED + index).nextBytes(b);
    return b;
  }

  /** Writes file {@code index}'s content in 128 KiB writes and closes it. */
  private static void write(Path file, int index) throws IOException {
    ByteBuffer src = ByteBuffer.wrap(content(index));
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (src.hasRemaining()) {
        ByteBuffer slice = src.slice().limit(Math.min(src.remaining(), 128 << 10));
        int n = ch.write(slice);
        src.position(src.position() + n);
      }
    }
  }

  private static void verify(List<Path> files) throws IOException {
    for (Path f : files) {
      int index =
          f.getFileName().toString().equals("after-space-freed")
              ? MAX_FILES
              : Integer.parseInt(f.getFileName().toString().substring(1));
      assertTrue(Arrays.equals(content(index), Files.readAllBytes(f)), () -> "content of " + f);
    }
  }
}
