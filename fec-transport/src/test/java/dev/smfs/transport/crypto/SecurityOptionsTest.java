package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityOptionsTest {
  @TempDir Path dir;

  @Test
  void neitherKeyNorInsecureRefusesWithOneLine() {
    SecurityOptions.SecurityConfigException e =
        assertThrows(
            SecurityOptions.SecurityConfigException.class,
            () -> SecurityOptions.require(null, false));
    assertTrue(e.getMessage().contains("--key FILE"), e.getMessage());
    assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void bothKeyAndInsecureAreRefused() {
    assertThrows(
        SecurityOptions.SecurityConfigException.class,
        () -> SecurityOptions.require(dir.resolve("k"), true));
  }

  @Test
  void insecureGivesNoEncryption() {
    assertFalse(SecurityOptions.require(null, true).encrypted());
  }

  @Test
  void keyGivesEncryptionUnderItsRing() throws Exception {
    Path f = dir.resolve("k");
    Files.writeString(f, "3 " + KeyFileTest.HEX_A + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    TransportSecurity s = SecurityOptions.require(f, false);
    assertTrue(s.encrypted());
    assertEquals(3, s.ring().sending().id());
  }

  @Test
  void badKeyFilePermissionsSurfaceAsKeyFileError() throws Exception {
    Path f = dir.resolve("k");
    Files.writeString(f, KeyFileTest.HEX_A);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThrows(KeyFileException.class, () -> SecurityOptions.require(f, false));
  }
}
