package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Everyday copy tools write a tree into the mount and read it back unchanged. */
@ParameterizedClass
@EnumSource(MountedFs.Backend.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CopyToolsIT {
  @Parameter MountedFs.Backend backend;
  @TempDir Path tmp;
  private Path source;
  private MountedFs fs;

  @BeforeEach
  void setUp() throws Exception {
    source = Files.createDirectory(tmp.resolve("src"));
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    fs = MountedFs.mount(backend, mnt, tmp.resolve("volume-data"));
  }

  @AfterEach
  void tearDown() {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void cpArchiveCopiesEveryByteModeAndMtime() throws Exception {
    Trees.generate(source, 2500, 1);
    Shell.ok(tmp, "cp", "-a", source.toString(), fs.root().resolve("copy").toString());
    Trees.assertSame(Trees.snapshot(source, true), Trees.snapshot(fs.root().resolve("copy"), true));
  }

  @Test
  void tarCreateAndExtractRoundTrip() throws Exception {
    // POSIX (pax) format: it keeps sub-second mtimes, which GNU format would round to seconds.
    Trees.generate(source, 600, 2);
    Path archive = fs.root().resolve("tree.tar");
    Shell.ok(tmp, "tar", "--format=posix", "-C", source.toString(), "-cf", archive.toString(), ".");
    Path inMount = Files.createDirectory(fs.root().resolve("x"));
    Shell.ok(tmp, "tar", "-C", inMount.toString(), "-xpf", archive.toString());
    Trees.assertSame(Trees.snapshot(source, true), Trees.snapshot(inMount, true));
    Path back = Files.createDirectory(tmp.resolve("back"));
    Path archive2 = tmp.resolve("again.tar");
    Shell.ok(
        tmp, "tar", "--format=posix", "-C", inMount.toString(), "-cf", archive2.toString(), ".");
    Shell.ok(tmp, "tar", "-C", back.toString(), "-xpf", archive2.toString());
    Trees.assertSame(Trees.snapshot(source, true), Trees.snapshot(back, true));
  }

  @Test
  void rsyncArchiveLeavesNoDifferenceByChecksum() throws Exception {
    Trees.generate(source, 800, 3);
    Path dst = fs.root().resolve("r");
    Shell.ok(tmp, "rsync", "-a", source + "/", dst + "/");
    String changes =
        Shell.ok(tmp, "rsync", "-ac", "--dry-run", "--itemize-changes", source + "/", dst + "/");
    assertEquals("", changes.strip(), "rsync -c sees differences:\n" + changes);
    Trees.assertSame(Trees.snapshot(source, true), Trees.snapshot(dst, true));
  }
}
