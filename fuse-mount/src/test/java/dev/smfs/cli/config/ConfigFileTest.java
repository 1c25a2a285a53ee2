package dev.smfs.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.metrics.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("smfs.conf");
    Files.writeString(f, text);
    return f;
  }

  private ConfigException fails(String text) throws Exception {
    Path f = write(text);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f, Schema.MOUNT));
    assertTrue(e.getMessage().contains("file=" + f), e.getMessage());
    return e;
  }

  @Test
  void typedValuesOfEveryKind() throws Exception {
    Path f =
        write(
            "# primary\n\n; also a comment\ndata = vol1\nmirror = \"10.0.0.2:7000\"\n"
                + "safety=network-sync\nfec = 8,3\ninterleave = 1, 10, 100\nrate-mbit = 100\n"
                + "remote-timeout = 30s\nforeground = yes\n");
    ConfigValues v = ConfigFile.load(f, Schema.MOUNT);
    assertEquals(dir.resolve("vol1"), v.get("data", Path.class).orElseThrow());
    assertEquals(new HostPort("10.0.0.2", 7000), v.get("mirror", HostPort.class).orElseThrow());
    assertEquals("network-sync", v.get("safety", String.class).orElseThrow());
    assertEquals(List.of(8, 3), v.get("fec", List.class).orElseThrow());
    assertEquals(List.of(1, 10, 100), v.get("interleave", List.class).orElseThrow());
    assertEquals(100L, v.get("rate-mbit", Long.class).orElseThrow());
    assertEquals(Duration.ofSeconds(30), v.get("remote-timeout", Duration.class).orElseThrow());
    assertEquals(true, v.get("foreground", Boolean.class).orElseThrow());
    assertEquals(4, v.entries().get("data").line());
  }

  @Test
  void absolutePathsStayAbsolute() throws Exception {
    ConfigValues v = ConfigFile.load(write("data = /srv/smfs\n"), Schema.MIRROR);
    assertEquals(Path.of("/srv/smfs"), v.get("data", Path.class).orElseThrow());
  }

  @Test
  void unknownKeyNamesKeyLineAndKnownKeys() throws Exception {
    ConfigException e = fails("data = x\nsafty = async\n");
    assertEquals(2, e.line());
    assertEquals("safty", e.key());
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    assertTrue(e.getMessage().contains("safety"), e.getMessage());
  }

  @Test
  void keyOfTheOtherCommandIsUnknown() throws Exception {
    Path f = write("mirror = h:1\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigFile.load(f, Schema.MIRROR));
    assertEquals("mirror", e.key());
  }

  @Test
  void valueThatLooksLikeAnOptionIsRefused() throws Exception {
    ConfigException e = fails("data = x\nmirror = --mirror=h:8\n");
    assertEquals(2, e.line());
    assertEquals("mirror", e.key());
    assertTrue(e.getMessage().contains("may not start with '-'"), e.getMessage());
  }

  @Test
  void wrongTypeNamesTheProblem() throws Exception {
    ConfigException e = fails("rate-mbit = fast\n");
    assertEquals(1, e.line());
    assertEquals("rate-mbit", e.key());
    assertTrue(e.getMessage().contains("not an integer: 'fast'"), e.getMessage());
  }

  @Test
  void outOfRangeNamesTheRange() throws Exception {
    ConfigException e = fails("\nmin-repairs = 9\n");
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    assertTrue(e.getMessage().contains("[0, 8]"), e.getMessage());
  }

  @Test
  void fecOutOfRange() throws Exception {
    assertTrue(fails("fec = 1,3\n").getMessage().contains("R=1"));
    assertTrue(fails("fec = 8,9\n").getMessage().contains("C=9"));
    assertTrue(fails("fec = 8\n").getMessage().contains("must be R,C"));
  }

  @Test
  void interleaveOutOfRange() throws Exception {
    assertTrue(fails("interleave = 1,0\n").getMessage().contains("interleave 0"));
  }

  @Test
  void unknownChoice() throws Exception {
    assertTrue(fails("safety = paranoid\n").getMessage().contains("'paranoid' is not one of"));
  }

  @Test
  void badDuration() throws Exception {
    assertTrue(fails("remote-timeout = 30\n").getMessage().contains("not a duration"));
    assertTrue(fails("remote-timeout = 2d\n").getMessage().contains("not a duration"));
    assertTrue(fails("remote-timeout = 1ms\n").getMessage().contains("out of range"));
  }

  @Test
  void badBoolean() throws Exception {
    assertTrue(fails("foreground = maybe\n").getMessage().contains("not a boolean"));
  }

  @Test
  void badHostPort() throws Exception {
    assertEquals("mirror", fails("mirror = nohost\n").key());
  }

  @Test
  void lineWithoutEquals() throws Exception {
    ConfigException e = fails("data /x\n");
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("expected key = value"), e.getMessage());
  }

  @Test
  void missingKey() throws Exception {
    assertTrue(fails("= 3\n").getMessage().contains("missing key"));
  }

  @Test
  void emptyValue() throws Exception {
    ConfigException e = fails("safety =\n");
    assertEquals("safety", e.key());
    assertTrue(e.getMessage().contains("empty value"), e.getMessage());
  }

  @Test
  void duplicateKeyNamesBothLines() throws Exception {
    ConfigException e = fails("safety = async\ndata = x\nsafety = remote-sync\n");
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("first set on line 1"), e.getMessage());
  }

  @Test
  void unterminatedQuote() throws Exception {
    assertTrue(fails("mirror = \"h:1\n").getMessage().contains("unterminated quote"));
  }

  @Test
  void missingFile() {
    Path f = dir.resolve("absent.conf");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f, Schema.MOUNT));
    assertEquals(0, e.line());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void durationTooLargeForDurationIsOutOfRange() throws Exception {
    ConfigException e = fails("remote-timeout = 9999999999999999h\n");
    assertEquals("remote-timeout", e.key());
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void unbracketedIpv6MirrorIsRefusedLikeTheFlag() throws Exception {
    assertTrue(fails("mirror = ::1:7000\n").getMessage().contains("need brackets"));
  }

  @Test
  void halfBracketedHostIsRefused() throws Exception {
    assertTrue(fails("mirror = [::1]:7000x:9\n").getMessage().contains("need brackets"));
  }

  @Test
  void bracketedIpv6MirrorIsAccepted() throws Exception {
    ConfigValues v = ConfigFile.load(write("mirror = [::1]:7000\n"), Schema.MOUNT);
    assertEquals(new HostPort("::1", 7000), v.get("mirror", HostPort.class).orElseThrow());
  }

  @Test
  void fecWhoseDefaultInterleavesNeedAWiderWindowIsAcceptedAsTheMountAcceptsIt() throws Exception {
    ConfigValues v = ConfigFile.load(write("data = x\nfec = 8,4\n"), Schema.MOUNT);
    assertEquals(List.of(8, 4), v.get("fec", List.class).orElseThrow());
  }

  @Test
  void fecWithFittingInterleavesIsAccepted() throws Exception {
    ConfigValues v = ConfigFile.load(write("fec = 8,4\ninterleave = 1,2,3,4\n"), Schema.MOUNT);
    assertEquals(List.of(1, 2, 3, 4), v.get("interleave", List.class).orElseThrow());
  }

  @Test
  void interleaveCountMustMatchC() throws Exception {
    ConfigException e = fails("interleave = 1,10\n");
    assertEquals("interleave", e.key());
    assertTrue(e.getMessage().contains("do not fit together"), e.getMessage());
  }

  @Test
  void minRepairsAboveCIsRefused() throws Exception {
    ConfigException e = fails("min-repairs = 3\nfec = 8,2\n");
    assertEquals(1, e.line());
    assertEquals("min-repairs", e.key());
    assertTrue(e.getMessage().contains("c=2"), e.getMessage());
  }

  @Test
  void booleansReachPicocliAsTrueOrFalse() throws Exception {
    ConfigValues v = ConfigFile.load(write("foreground = yes\nallow-other = off\n"), Schema.MOUNT);
    assertEquals("true", v.flagText("foreground").orElseThrow());
    assertEquals("false", v.flagText("allow-other").orElseThrow());
  }

  @Test
  void exampleConfigsOfTheDeployDirectoryAreValid() {
    Path deploy = Path.of("..", "deploy", "config");
    ConfigFile.load(deploy.resolve("primary.conf"), Schema.MOUNT);
    ConfigFile.load(deploy.resolve("mirror.conf"), Schema.MIRROR);
  }
}
