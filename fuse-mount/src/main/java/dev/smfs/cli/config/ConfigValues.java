package dev.smfs.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The validated contents of a configuration file.
 *
 * @param file where they came from
 * @param entries by key, in file order
 */
public record ConfigValues(Path file, Map<String, Entry> entries) {
  public ConfigValues {
    entries = Map.copyOf(entries);
  }

  /**
   * One {@code key = value} line.
   *
   * @param key the key
   * @param raw the value text as written (trimmed, unquoted)
   * @param value the typed value ({@link Long}, {@link Boolean}, {@link Path}, {@link
   *     java.time.Duration}, {@link dev.smfs.server.metrics.HostPort}, {@code List<Integer>} or
   *     {@link String}, per the key's {@link ValueType})
   * @param line 1-based line number
   */
  public record Entry(String key, String raw, Object value, int line) {}

  /** The typed value of {@code key}, if the file sets it. */
  public <T> Optional<T> get(String key, Class<T> type) {
    Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(type.cast(e.value()));
  }

  /**
   * The text picocli should convert for {@code key}: the raw text, except that paths are given
   * resolved against the file's directory and booleans as {@code true}/{@code false} (the file also
   * takes yes/no/on/off, which picocli does not).
   */
  public Optional<String> flagText(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.value() instanceof Path p) {
      return Optional.of(p.toString());
    }
    return Optional.of(e.value() instanceof Boolean b ? b.toString() : e.raw());
  }
}
