package dev.smfs.cli.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a configuration file:
 *
 * <pre>
 * # comment (also ';'); blank lines are ignored
 * data = /var/lib/smfs/vol1       # NOT a comment: '#' after a value is part of it
 * safety = network-sync
 * mirror = "10.0.0.2:7000"        # double quotes are stripped (to keep spaces at the ends)
 * </pre>
 *
 * One {@code key = value} per line; keys are the command's long flag names without dashes. The
 * whole file is validated before anything is returned: the first unknown key, duplicate key, line
 * without {@code =}, empty value or value of the wrong type or range stops with a {@link
 * ConfigException} naming file, line, key and problem.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /**
   * Loads and validates {@code file} against {@code schema}.
   *
   * @throws ConfigException on the first problem, or when the file cannot be read
   */
  public static ConfigValues load(Path file, Schema schema) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, null, "no such file");
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, null, "not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(file, 0, null, "unreadable: " + e.getMessage());
    }
    Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("/"));
    Map<String, ConfigValues.Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ConfigException(file, lineNo, null, "expected key = value: '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String raw = unquote(file, lineNo, key, line.substring(eq + 1).strip());
      if (key.startsWith("--")) {
        key = key.substring(2);
      }
      if (key.isEmpty()) {
        throw new ConfigException(file, lineNo, null, "missing key before '='");
      }
      ValueType type =
          schema
              .type(key)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          file,
                          lineNo,
                          lineKey(line),
                          "unknown key for smfs "
                              + schema.command()
                              + " (known: "
                              + String.join(", ", schema.keys().keySet())
                              + ")"));
      if (raw.isEmpty()) {
        throw new ConfigException(file, lineNo, key, "empty value, expected " + type.describe());
      }
      if (raw.startsWith("-")) {
        // values reach the command line parser, which would read such a value as an option
        throw new ConfigException(
            file, lineNo, key, "a value may not start with '-' (expected " + type.describe() + ")");
      }
      ConfigValues.Entry previous = entries.get(key);
      if (previous != null) {
        throw new ConfigException(
            file, lineNo, key, "duplicate key (first set on line " + previous.line() + ")");
      }
      Object value;
      try {
        value = type.parse(raw, base);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            file, lineNo, key, e.getMessage() + " (expected " + type.describe() + ")");
      }
      entries.put(key, new ConfigValues.Entry(key, raw, value, lineNo));
    }
    ConfigValues values = new ConfigValues(file, entries);
    schema.checkFile(values);
    return values;
  }

  private static String lineKey(String line) {
    return line.substring(0, line.indexOf('=')).strip();
  }

  private static String unquote(Path file, int lineNo, String key, String raw) {
    if (raw.startsWith("\"")) {
      if (raw.length() < 2 || !raw.endsWith("\"")) {
        throw new ConfigException(file, lineNo, key, "unterminated quote: " + raw);
      }
      return raw.substring(1, raw.length() - 1);
    }
    return raw;
  }
}
