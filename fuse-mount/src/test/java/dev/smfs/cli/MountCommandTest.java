package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.FecParams;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of {@code smfs mount}'s mirror flags; every case fails before anything is mounted. */
class MountCommandTest {
  @TempDir Path tmp;
  private final CliRunner cli = new CliRunner();
  private final StringWriter err = cli.err;

  private int mount(String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "mount";
    args[1] = tmp.resolve("mnt").toString();
    args[2] = "--data";
    args[3] = tmp.resolve("data").toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    return cli.run(args);
  }

  @Test
  void defaultFecIsEightThreeWithInterleavesOneTenHundred() {
    FecParams p = MountCommand.fecParams(null, null);
    assertEquals(8, p.r());
    assertEquals(3, p.c());
    assertArrayEquals(new int[] {1, 10, 100}, p.interleaves());
  }

  @Test
  void fecWithoutInterleaveTakesTheFirstCDefaults() {
    assertArrayEquals(new int[] {1, 10}, MountCommand.fecParams("8,2", null).interleaves());
  }

  @Test
  void malformedFecIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> MountCommand.fecParams("8", null));
  }

  @Test
  void minRepairsAboveCIsAUsageError() {
    assertEquals(
        2, mount("--mirror", "127.0.0.1:7000", "--insecure", "--fec", "8,2", "--min-repairs", "3"));
    assertTrue(err.toString().contains("minRepairs=3 c=2"), err::toString);
  }

  @Test
  void remoteTimeoutWithoutMirrorIsAUsageError() {
    assertEquals(2, mount("--remote-timeout", "5"));
    assertTrue(err.toString().contains("need --mirror"), err::toString);
  }

  @Test
  void insecureWithoutMirrorIsAUsageError() {
    assertEquals(2, mount("--insecure"));
    assertTrue(err.toString().contains("need --mirror"), err::toString);
  }

  @Test
  void keyAndInsecureTogetherAreAUsageError() {
    assertEquals(
        2, mount("--mirror", "127.0.0.1:7000", "--key", tmp.resolve("k").toString(), "--insecure"));
    assertTrue(err.toString().contains("mutually exclusive"), err::toString);
  }

  @Test
  void mirrorWithoutPortIsAUsageError() {
    assertEquals(2, mount("--mirror", "127.0.0.1", "--insecure"));
    assertTrue(err.toString().contains("--mirror"), err::toString);
  }

  @Test
  void mirrorWithoutKeyOrInsecureIsRefused() {
    assertEquals(2, mount("--mirror", "127.0.0.1:7000"));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("--key FILE") && text.contains("--insecure"), text);
  }
}
