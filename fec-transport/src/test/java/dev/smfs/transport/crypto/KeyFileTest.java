package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  static final String HEX_A = "00".repeat(31) + "0a";
  static final String HEX_B = "00".repeat(31) + "0b";

  @TempDir Path dir;

  private Path write(String name, String content, String mode) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void singleHexLineIsKeyZero() throws Exception {
    KeyRing ring = KeyFile.load(write("k", HEX_A + "\n", "rw-------"));
    assertEquals(1, ring.keys().size());
    assertEquals(0, ring.sending().id());
    assertArrayEquals(HexFormat.of().parseHex(HEX_A), ring.sending().secret().getEncoded());
  }

  @Test
  void rawThirtyTwoBytesIsKeyZero() throws Exception {
    Path f = dir.resolve("raw");
    byte[] raw = new byte[32];
    raw[5] = (byte) 0xff;
    Files.write(f, raw);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    assertArrayEquals(raw, KeyFile.load(f).sending().secret().getEncoded());
  }

  @Test
  void idLinesFormARingSendingWithTheFirst() throws Exception {
    KeyRing ring =
        KeyFile.load(write("k", "# rotation\n2 " + HEX_B + "\n\n1 " + HEX_A + "\n", "rw-------"));
    assertEquals(2, ring.sending().id());
    assertEquals(List.of(2, 1), ring.keys().stream().map(KeyRing.Key::id).toList());
    assertArrayEquals(HexFormat.of().parseHex(HEX_A), ring.find(1).secret().getEncoded());
  }

  @Test
  void groupReadableFileIsRefusedWithOneLine() throws Exception {
    Path f = write("k", HEX_A, "rw-r-----");
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.load(f));
    assertTrue(e.getMessage().contains("group or others"), e.getMessage());
    assertTrue(e.getMessage().contains("file=" + f), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void worldReadableFileIsRefused() throws Exception {
    Path f = write("k", HEX_A, "rw----r--");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void groupWritableFileIsRefused() throws Exception {
    Path f = write("k", HEX_A, "rw--w----");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void shortKeyIsRefusedWithoutEchoingIt() throws Exception {
    Path f = write("k", "abcdef\n", "rw-------");
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.load(f));
    assertTrue(e.getMessage().contains("line=1"), e.getMessage());
    assertFalse(e.getMessage().contains("abcdef"), e.getMessage());
  }

  @Test
  void nonHexKeyIsRefused() throws Exception {
    Path f = write("k", "zz".repeat(32), "rw-------");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void duplicateIdsAreRefused() throws Exception {
    Path f = write("k", "1 " + HEX_A + "\n1 " + HEX_B + "\n", "rw-------");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void idOutOfRangeIsRefused() throws Exception {
    Path f = write("k", "256 " + HEX_A + "\n", "rw-------");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Path f = write("k", "# nothing\n", "rw-------");
    assertThrows(KeyFileException.class, () -> KeyFile.load(f));
  }

  @Test
  void missingFileIsAKeyFileError() {
    assertThrows(KeyFileException.class, () -> KeyFile.load(dir.resolve("absent")));
  }

  @Test
  void generatedKeyIsOwnerOnlyAndLoads() throws Exception {
    Path f = dir.resolve("new.key");
    KeyFile.generate(f, new SecureRandom());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals(65, Files.size(f));
    assertEquals(32, KeyFile.load(f).sending().secret().getEncoded().length);
  }

  @Test
  void generateRefusesToOverwrite() throws Exception {
    Path f = write("k", HEX_A, "rw-------");
    assertThrows(KeyFileException.class, () -> KeyFile.generate(f, new SecureRandom()));
    assertEquals(HEX_A, Files.readString(f));
  }
}
