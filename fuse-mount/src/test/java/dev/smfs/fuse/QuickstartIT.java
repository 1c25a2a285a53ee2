package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, {@code deploy/quickstart.sh}, from start to stop. The start must bring up
 * the whole pair, with no fallback: a mirror, the WAN emulator and a network-sync mount with
 * metrics. It must write its sample files and show both sides' status. The stop must unmount and
 * end every process the start launched.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class QuickstartIT {
  private static final Path SCRIPT = Launcher.PATH.getParent().resolveSibling("quickstart.sh");

  @TempDir Path tmp;
  private Path demo;
  private int portBase;

  @BeforeEach
  void setUp() throws IOException {
    MountedFs.assumeFuse();
    demo = tmp.resolve("demo");
    // The script uses base, base + 1 (UDP) and base + 101, base + 102 (TCP).
    do {
      portBase = Launcher.freeUdpPort();
    } while (portBase + 102 > 65535);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (demo != null && Files.isDirectory(demo.resolve("run"))) {
      quickstart("stop"); // best effort: whatever a failed assertion left running
    }
    if (demo != null) {
      MountedFs.forceUnmount(demo.resolve("mnt"));
    }
  }

  /** Runs the script with the demo under the test's directory and the jar as built. */
  private Shell.Result quickstart(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", SCRIPT.toString(), command)
            .directory(tmp.toFile())
            .redirectErrorStream(true);
    pb.environment().put("QS_DEMO", demo.toString());
    pb.environment().put("QS_PORT_BASE", Integer.toString(portBase));
    pb.environment().put("QS_BUILD", "never"); // the build under test; never rebuild it mid-run
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> "quickstart " + command + ": " + out);
    return new Shell.Result(p.exitValue(), out);
  }

  @Test
  void startsTheWholePairWithoutAFallbackAndStopsEverything() throws Exception {
    Shell.Result start = quickstart("start");
    String out = start.output();
    assertEquals(0, start.exitCode(), out);
    assertFalse(out.contains("fallback"), out);
    assertFalse(out.contains("note:"), out);
    assertTrue(out.contains("mirror listening on 127.0.0.1:" + portBase), out);
    assertTrue(out.contains("WAN emulator 127.0.0.1:" + (portBase + 1)), out);
    assertTrue(out.matches("(?s).*mounted \\S+ \\(--mirror .*--safety network-sync.*--metrics.*"));
    assertTrue(out.matches("(?s).*role:\\s+primary.*safety:\\s+network-sync.*"), out);
    assertTrue(out.matches("(?s).*state:\\s+(connected|catching-up).*role:\\s+mirror.*"), out);

    Path mnt = demo.resolve("mnt");
    assertTrue(MountTable.isMounted(mnt));
    assertTrue(Files.readString(mnt.resolve("hello.txt")).startsWith("hello from SMFS"));
    assertEquals(100, Files.readAllLines(mnt.resolve("docs/notes.txt")).size());
    assertEquals(4L << 20, Files.size(mnt.resolve("random-4MiB.bin")));
    List<Long> pids = pids();
    assertEquals(3, pids.size(), () -> "mirror, wan-emu and mount: " + pids);

    Shell.Result stop = quickstart("stop");
    assertEquals(0, stop.exitCode(), stop.output());
    assertFalse(MountTable.isMounted(mnt));
    assertEquals(List.of(), pids());
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
    }
  }

  /** The pids the script recorded for what it started. */
  private List<Long> pids() throws IOException {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(demo.resolve("run"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.toString().endsWith(".pid")) {
          out.add(Long.parseLong(Files.readString(f).trim()));
        }
      }
    }
    return out;
  }
}
