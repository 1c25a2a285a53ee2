package dev.smfs.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.smfs.cli.FlagRevalidation;
import dev.smfs.cli.config.ConfigException;
import dev.smfs.cli.config.ConfigFile;
import dev.smfs.cli.config.ConfigValues;
import dev.smfs.cli.config.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target for {@link ConfigFile#load}, the reader of {@code smfs mount --config} and {@code
 * smfs mirror --config} files.
 *
 * <p>Invariants: any bytes either load or fail with a {@link ConfigException} whose message starts
 * with {@code config error: file=<file> line=<n>}, names the key when it has one and states the
 * problem, with {@code n} a line of the file (0 only for whole-file problems) — never another
 * exception and never a hang; a loaded file holds only its schema's keys, each on the line it
 * names, and every value passes the command line's own conversions and checks of that flag ({@link
 * FlagRevalidation}).
 *
 * <p>Input byte 0 picks the schema (even: mount, odd: mirror); the rest is the file, written to
 * {@code /dev/shm} when it exists.
 */
class ConfigFileFuzzTest {
  private static final Path ROOT =
      Files.isDirectory(Path.of("/dev/shm"))
          ? Path.of("/dev/shm")
          : Path.of(System.getProperty("java.io.tmpdir"));

  @FuzzTest
  void load(byte[] bytes) throws IOException {
    Schema schema = bytes.length > 0 && (bytes[0] & 1) == 1 ? Schema.MIRROR : Schema.MOUNT;
    byte[] text = bytes.length > 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    Path dir = Files.createTempDirectory(ROOT, "smfs-fuzz-config");
    Path file = dir.resolve("smfs.conf");
    try {
      Files.write(file, text);
      ConfigValues values;
      try {
        values = ConfigFile.load(file, schema);
      } catch (ConfigException e) {
        checkError(file, text, e);
        return;
      }
      checkLoaded(file, text, schema, values);
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }

  private static void checkError(Path file, byte[] text, ConfigException e) {
    String message = e.getMessage();
    assertTrue(
        message.startsWith("config error: file=" + file + " line=" + e.line() + " "),
        "message does not start with file and line: " + message);
    assertTrue(message.contains(" problem="), "no problem stated: " + message);
    if (e.key() != null) {
      assertTrue(message.contains(" key=" + e.key() + " "), "key not named: " + message);
    }
    assertTrue(e.line() >= 0, "negative line: " + message);
    if (e.line() > 0) {
      assertTrue(e.line() <= lineCount(text), "line past the end of the file: " + message);
    }
  }

  private static void checkLoaded(Path file, byte[] text, Schema schema, ConfigValues values) {
    assertEquals(file, values.file());
    long lines = lineCount(text);
    for (ConfigValues.Entry e : values.entries().values()) {
      assertTrue(schema.type(e.key()).isPresent(), "key outside the schema: " + e);
      assertTrue(e.line() >= 1 && e.line() <= lines, "line outside the file: " + e);
      assertFalse(e.raw().isEmpty(), "empty value accepted: " + e);
    }
    if (values.entries().isEmpty()) {
      return;
    }
    FlagRevalidation.check(
        schema.command(),
        file,
        values.entries().containsKey("data"),
        values.entries().containsKey("listen"));
  }

  /** Lines as {@link Files#readAllLines} counts them; -1 when the bytes are not UTF-8. */
  private static long lineCount(byte[] text) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text))
          .toString()
          .lines()
          .count();
    } catch (CharacterCodingException e) {
      return -1;
    }
  }
}
