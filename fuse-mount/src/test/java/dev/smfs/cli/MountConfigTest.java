package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smfs mount --config FILE} and the operations flags; every case fails before anything is
 * mounted (the mount point does not exist or a value is refused).
 */
class MountConfigTest {
  @TempDir Path tmp;
  private final CliRunner cli = new CliRunner();
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private Path config(String text) throws Exception {
    Path conf = tmp.resolve("mount.conf");
    Files.writeString(conf, text);
    return conf;
  }

  @Test
  void configFileSuppliesMirrorFlagsThatAreThenValidated() throws Exception {
    Path conf = config("mirror = 127.0.0.1:9\ninsecure = true\nmin-repairs = 7\n");
    int code =
        run(
            "mount",
            tmp.resolve("mnt").toString(),
            "--data",
            tmp.resolve("data").toString(),
            "--config",
            conf.toString());
    assertEquals(2, code, err::toString);
    assertTrue(err.toString().contains("min-repairs"), err::toString);
  }

  @Test
  void configFileDurationReachesTheRemoteTimeoutFlag() throws Exception {
    Path conf = config("remote-timeout = 30s\n");
    int code =
        run(
            "mount",
            tmp.resolve("mnt").toString(),
            "--data",
            tmp.resolve("data").toString(),
            "--config",
            conf.toString());
    assertEquals(2, code, err::toString);
    assertTrue(err.toString().contains("need --mirror"), err::toString);
  }

  @Test
  void configFileWithAnUnknownKeyFailsInOneLineNamingIt() throws Exception {
    Path conf = config("safety = local-sync\nmirror-port = 7\n");
    int code =
        run(
            "mount",
            tmp.resolve("mnt").toString(),
            "--data",
            tmp.resolve("data").toString(),
            "--config",
            conf.toString());
    assertEquals(2, code, err::toString);
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("mirror-port"), text);
  }

  @Test
  void flagOverridesTheConfigFile() throws Exception {
    Path conf = config("safety = network-sync\n");
    int code =
        run(
            "mount",
            tmp.resolve("missing").toString(),
            "--data",
            tmp.resolve("data").toString(),
            "--config",
            conf.toString(),
            "--safety",
            "local-sync",
            "--foreground");
    // network-sync from the file alone would be a usage error (needs --mirror); the flag wins and
    // the mount gets as far as the missing mount point.
    assertEquals(1, code, err::toString);
    assertTrue(err.toString().contains("does not exist"), err::toString);
  }

  @Test
  void foregroundMountThatFailsServesNoMetricsAndLeavesNoStatusFile() throws Exception {
    Path data = tmp.resolve("data");
    int code =
        run(
            "mount",
            tmp.resolve("missing").toString(),
            "--data",
            data.toString(),
            "--metrics",
            "127.0.0.1:0",
            "--foreground");
    assertEquals(1, code, err::toString);
    assertTrue(err.toString().contains("does not exist"), err::toString);
    assertFalse(Files.exists(data.resolve("status.json")));
  }

  @Test
  void malformedMetricsAddressIsAUsageErrorBeforeTheMount() {
    int code =
        run(
            "mount",
            tmp.resolve("missing").toString(),
            "--data",
            tmp.resolve("data").toString(),
            "--metrics",
            "nohostport");
    assertEquals(2, code, err::toString);
    assertTrue(err.toString().contains("--metrics"), err::toString);
  }

  @Test
  void remoteTimeoutTakesSecondsOrAUnit() {
    MountCommand.TimeoutConverter c = new MountCommand.TimeoutConverter();
    assertEquals(Duration.ofSeconds(5), c.convert("5"));
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofMinutes(2), c.convert("2m"));
  }

  @Test
  void remoteTimeoutTooLargeIsAClearError() {
    MountCommand.TimeoutConverter c = new MountCommand.TimeoutConverter();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.convert("9999999999999999h"));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.convert("99999999999999999999"));
  }
}
