package dev.smfs.cli.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a command's configuration file may hold, each the long name of one of its flags without
 * the dashes, with its {@link ValueType}. Immutable.
 */
public final class Schema {
  private final String command;
  private final Map<String, ValueType> keys;
  private final FileCheck fileCheck;

  private Schema(String command, Map<String, ValueType> keys, FileCheck fileCheck) {
    this.command = command;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.fileCheck = fileCheck;
  }

  /** A rule that joins several keys, run on a file whose every key already has its own type. */
  public interface FileCheck {
    /**
     * @throws ConfigException naming the line and key at fault
     */
    void check(ConfigValues values);
  }

  public static Builder builder(String command) {
    return new Builder(command);
  }

  /** Keys every daemon accepts. */
  private static Builder common(String command) {
    return builder(command)
        .key("data", ValueType.path())
        .key("metrics", ValueType.hostPort())
        .key("key", ValueType.path())
        .key("insecure", ValueType.bool());
  }

  /** {@code smfs mount}. */
  public static final Schema MOUNT =
      common("mount")
          .key("mirror", ValueType.socketAddress())
          .key("safety", ValueType.oneOf("async", "local-sync", "network-sync", "remote-sync"))
          .key("fec", ValueType.fecRate())
          .key("interleave", ValueType.interleaves())
          .key("rate-mbit", ValueType.intRange(1, 100_000))
          .key("min-repairs", ValueType.intRange(0, 8))
          .key("remote-timeout", ValueType.duration(Duration.ofMillis(10), Duration.ofHours(24)))
          .key("foreground", ValueType.bool())
          .key("allow-other", ValueType.bool())
          .key("no-xattrs", ValueType.bool())
          .check(new MountFileCheck())
          .build();

  /** {@code smfs mirror}. */
  public static final Schema MIRROR =
      common("mirror").key("listen", ValueType.socketAddress()).build();

  /** The schema of a command by its name ({@code mount}, {@code mirror}). */
  public static Optional<Schema> forCommand(String name) {
    return switch (name) {
      case "mount" -> Optional.of(MOUNT);
      case "mirror" -> Optional.of(MIRROR);
      default -> Optional.empty();
    };
  }

  public String command() {
    return command;
  }

  public Optional<ValueType> type(String key) {
    return Optional.ofNullable(keys.get(key));
  }

  public Map<String, ValueType> keys() {
    return keys;
  }

  /** Runs the schema's rules that join several keys (none by default). */
  void checkFile(ConfigValues values) {
    fileCheck.check(values);
  }

  /** Builds a {@link Schema}; keys keep insertion order (used in error messages). */
  public static final class Builder {
    private final String command;
    private final Map<String, ValueType> keys = new LinkedHashMap<>();
    private FileCheck fileCheck = values -> {};

    private Builder(String command) {
      this.command = command;
    }

    public Builder key(String name, ValueType type) {
      if (keys.putIfAbsent(name, type) != null) {
        throw new IllegalArgumentException("schema key defined twice: key=" + name);
      }
      return this;
    }

    public Builder check(FileCheck check) {
      this.fileCheck = java.util.Objects.requireNonNull(check, "check");
      return this;
    }

    public Schema build() {
      return new Schema(command, keys, fileCheck);
    }
  }
}
