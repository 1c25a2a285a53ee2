package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Several processes write at once: to their own files, and appending to one shared file. */
@ParameterizedClass
@EnumSource(MountedFs.Backend.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentWritersIT {
  private static final int WRITERS = 4;
  private static final int RECORDS = 400;

  @Parameter MountedFs.Backend backend;
  @TempDir Path tmp;
  private MountedFs fs;

  @BeforeEach
  void setUp() throws Exception {
    fs =
        MountedFs.mount(
            backend, Files.createDirectory(tmp.resolve("mnt")), tmp.resolve("volume-data"));
  }

  @AfterEach
  void tearDown() {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void concurrentWritersToOwnFilesAndAppendersToOneFileLoseNothing() throws Exception {
    Path shared = fs.root().resolve("shared.log");
    List<Process> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      // One O_APPEND descriptor per writer (>>), one write(2) per record (echo is a builtin);
      // each writer also fills its own file with 2 MiB in 64 KiB writes.
      String script =
          "exec 3>>'"
              + shared
              + "'; i=0; while [ $i -lt "
              + RECORDS
              + " ]; do echo \"writer-"
              + w
              + " record-$i\" >&3; i=$((i+1)); done; "
              + "head -c 2097152 /dev/zero | tr '\\0' '"
              + (char) ('a' + w)
              + "' | dd of='"
              + fs.root().resolve("own-" + w)
              + "' bs=65536 iflag=fullblock status=none";
      writers.add(new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start());
    }
    for (Process p : writers) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer did not finish");
      assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
    List<String> lines = Files.readAllLines(shared, StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      for (int i = 0; i < RECORDS; i++) {
        expected.add("writer-" + w + " record-" + i);
      }
    }
    for (int w = 0; w < WRITERS; w++) {
      String prefix = "writer-" + w + " ";
      List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
      for (int i = 0; i < own.size(); i++) {
        assertEquals(prefix + "record-" + i, own.get(i), "one writer's appends stay in order");
      }
    }
    List<String> sorted = new ArrayList<>(lines);
    Collections.sort(sorted);
    Collections.sort(expected);
    assertEquals(expected, sorted, "every record exactly once, none torn");
    for (int w = 0; w < WRITERS; w++) {
      byte[] own = Files.readAllBytes(fs.root().resolve("own-" + w));
      assertEquals(2 * 1024 * 1024, own.length);
      byte fill = (byte) ('a' + w);
      for (int i = 0; i < own.length; i++) {
        if (own[i] != fill) {
          throw new AssertionError("own-" + w + " offset=" + i + " byte=" + own[i]);
        }
      }
    }
  }
}
