package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SmfsCommandLineTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void helpListsEveryCommandOfTheContract() {
    assertEquals(0, run("--help"));
    for (String command :
        new String[] {
          "mount", "umount", "mirror", "status", "promote", "fsck", "wan-emu", "bench"
        }) {
      assertTrue(out.toString().contains(command), () -> "help lacks " + command + ":\n" + out);
    }
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("smfs "), out::toString);
  }

  @Test
  void unknownCommandIsOneLineAndExitTwo() {
    assertEquals(2, run("nosuch"));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("unknown command 'nosuch'"), text);
  }

  @Test
  void unknownOptionIsOneLineAndExitTwo() {
    assertEquals(2, run("fsck", "--data", "/tmp/x", "--bogus"));
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("--bogus"), text);
  }

  @Test
  void missingRequiredOptionIsExitTwo() {
    assertEquals(2, run("mirror", "--data", "/tmp/x"));
    assertTrue(err.toString().contains("--listen"), err::toString);
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, run());
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        new String[] {"mount", "umount", "mirror", "status", "promote", "fsck", "wan-emu"}) {
      out.getBuffer().setLength(0);
      assertEquals(0, run(command, "--help"), command);
      assertTrue(out.toString().contains("Usage: smfs " + command), out::toString);
    }
  }
}
