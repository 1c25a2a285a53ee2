package dev.smfs.cli.config;

import java.nio.file.Path;

/**
 * A configuration file is unusable. The message names the file, the line (0 when the problem is the
 * whole file), the key when there is one, and the problem, e.g. {@code config error:
 * file=/etc/smfs/primary.conf line=7 key=rate-mbit problem=not an integer: 'fast'}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final int line;
  private final String key;

  public ConfigException(Path file, int line, String key, String problem) {
    super(
        "config error: file="
            + file
            + " line="
            + line
            + (key == null ? "" : " key=" + key)
            + " problem="
            + problem);
    this.file = file;
    this.line = line;
    this.key = key;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  /** The offending key, or null for a line that has none. */
  public String key() {
    return key;
  }
}
