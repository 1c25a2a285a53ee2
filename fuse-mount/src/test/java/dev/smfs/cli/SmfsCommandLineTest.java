package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SmfsCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Smfs.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
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
