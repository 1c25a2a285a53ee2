package dev.smfs.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigDefaultsTest {
  @TempDir Path dir;

  /** Stands in for MountCommand: the same wiring the real command needs. */
  @Command(name = "mount", defaultValueProvider = ConfigDefaults.class)
  static final class FakeMount implements Callable<Integer> {
    @Option(names = "--config")
    Path config;

    @Option(names = "--data", required = true)
    Path data;

    @Option(names = "--safety")
    String safety;

    @Option(names = "--rate-mbit")
    Integer rateMbit;

    @Option(names = "--foreground")
    boolean foreground;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(FakeMount cmd, String... args) {
    CommandLine cl = new CommandLine(cmd);
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path conf(String text) throws Exception {
    Path f = dir.resolve("primary.conf");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void fileSuppliesValuesIncludingRequiredOnes() throws Exception {
    Path f = conf("data = vol\nsafety = remote-sync\nrate-mbit = 50\nforeground = true\n");
    FakeMount cmd = new FakeMount();
    assertEquals(0, run(cmd, "--config", f.toString()));
    assertEquals(dir.resolve("vol"), cmd.data);
    assertEquals("remote-sync", cmd.safety);
    assertEquals(50, cmd.rateMbit);
    assertTrue(cmd.foreground);
  }

  @Test
  void flagsOverrideTheFile() throws Exception {
    Path f = conf("data = vol\nsafety = remote-sync\n");
    FakeMount cmd = new FakeMount();
    assertEquals(0, run(cmd, "--safety", "async", "--config", f.toString()));
    assertEquals("async", cmd.safety);
    assertEquals(dir.resolve("vol"), cmd.data);
  }

  @Test
  void withoutConfigNothingChanges() {
    FakeMount cmd = new FakeMount();
    assertEquals(0, run(cmd, "--data", "/d"));
    assertEquals(null, cmd.safety);
  }

  @Test
  void invalidFileIsAUsageErrorNamingFileLineAndKey() throws Exception {
    Path f = conf("data = vol\nrate-mbit = 0\n");
    assertEquals(2, run(new FakeMount(), "--config", f.toString()));
    assertTrue(err.toString().contains("file=" + f + " line=2 key=rate-mbit"), err.toString());
  }

  @Test
  void schemaKeyWithoutAFlagOfTheCommandIsRejected() throws Exception {
    Path f = conf("data = vol\nmirror = h:1\n");
    assertEquals(2, run(new FakeMount(), "--config", f.toString()));
    assertTrue(err.toString().contains("no --mirror flag"), err.toString());
  }
}
