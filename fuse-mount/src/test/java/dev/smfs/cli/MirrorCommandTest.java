package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.store.DataDirLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The failure paths of {@code smfs mirror} (the serving path is covered by smfs-mirror tests). */
class MirrorCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cl = Smfs.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void badListenAddressIsAUsageError() {
    assertEquals(2, run("mirror", "--data", dir.toString(), "--listen", "nohostport"));
    assertTrue(err.toString().contains("nohostport"), err::toString);
  }

  @Test
  void dataDirectoryInUseFailsInOneLine() throws Exception {
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertEquals(1, run("mirror", "--data", dir.toString(), "--listen", "127.0.0.1:0"));
    }
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
    assertTrue(err.toString().contains("in use"), err::toString);
  }
}
