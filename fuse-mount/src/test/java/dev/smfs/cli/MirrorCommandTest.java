package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.store.DataDirLock;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure paths of {@code smfs mirror} (the serving path is covered by smfs-mirror tests). */
class MirrorCommandTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @TempDir Path dir;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void badListenAddressIsAUsageError() {
    assertEquals(
        2, run("mirror", "--data", dir.toString(), "--listen", "nohostport", "--insecure"));
    assertTrue(err.toString().contains("nohostport"), err::toString);
  }

  @Test
  void dataDirectoryInUseFailsInOneLine() throws Exception {
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertEquals(
          1, run("mirror", "--data", dir.toString(), "--listen", "127.0.0.1:0", "--insecure"));
    }
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
    assertTrue(err.toString().contains("in use"), err::toString);
  }

  @Test
  void refusesToStartWithoutKeyOrInsecure() {
    assertEquals(2, run("mirror", "--data", dir.toString(), "--listen", "127.0.0.1:0"));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("--key FILE") && text.contains("--insecure"), text);
  }

  @Test
  void refusesAKeyFileReadableByOthers() throws Exception {
    Path keyFile = dir.resolve("link.key");
    java.nio.file.Files.writeString(keyFile, "00".repeat(32) + "\n");
    java.nio.file.Files.setPosixFilePermissions(
        keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Path data = dir.resolve("data");
    assertEquals(
        1,
        run(
            "mirror",
            "--data",
            data.toString(),
            "--listen",
            "127.0.0.1:0",
            "--key",
            keyFile.toString()));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains(keyFile.toString()), text);
  }

  @Test
  void configFileSuppliesTheRequiredOptions() throws Exception {
    Path conf = dir.resolve("mirror.conf");
    java.nio.file.Files.writeString(conf, "listen = nohostport\ninsecure = true\n");
    assertEquals(
        2, run("mirror", "--config", conf.toString(), "--data", dir.resolve("d").toString()));
    assertTrue(err.toString().contains("nohostport"), err::toString);
  }

  @Test
  void configFileWithAnUnknownKeyNamesIt() throws Exception {
    Path conf = dir.resolve("mirror.conf");
    java.nio.file.Files.writeString(conf, "listen = 127.0.0.1:0\nlisten-port = 7\n");
    assertEquals(2, run("mirror", "--config", conf.toString(), "--data", dir.toString()));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("listen-port"), text);
  }
}
