package dev.smfs.fuse;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The per-mount safety levels of the command line ({@code --safety}), in DESIGN.md's order. The
 * volume opener maps them onto the store's durability once the log-backed volume provides it.
 */
public enum SafetyLevel {
  ASYNC("async", false),
  LOCAL_SYNC("local-sync", false),
  NETWORK_SYNC("network-sync", true),
  REMOTE_SYNC("remote-sync", true);

  private final String cliName;
  private final boolean needsMirror;

  SafetyLevel(String cliName, boolean needsMirror) {
    this.cliName = cliName;
    this.needsMirror = needsMirror;
  }

  public String cliName() {
    return cliName;
  }

  /** True when the level waits for the link or the mirror, so a mount without one cannot use it. */
  public boolean needsMirror() {
    return needsMirror;
  }

  /**
   * The level named {@code name} on the command line; IllegalArgumentException listing the valid
   * ones.
   */
  public static SafetyLevel parse(String name) {
    for (SafetyLevel level : values()) {
      if (level.cliName.equals(name)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "unknown safety level '"
            + name
            + "' (one of "
            + Arrays.stream(values()).map(SafetyLevel::cliName).collect(Collectors.joining(", "))
            + ")");
  }
}
