package dev.smfs.server.safety;

import java.util.Locale;

/** The per-mount safety levels of DESIGN.md, in increasing order of safety. */
public enum SafetyLevel {
  ASYNC,
  LOCAL_SYNC,
  NETWORK_SYNC,
  REMOTE_SYNC;

  /**
   * Parses the command-line spelling ({@code async}, {@code local-sync}, {@code network-sync},
   * {@code remote-sync}); case-insensitive, underscores accepted.
   *
   * @throws IllegalArgumentException with the accepted values
   */
  public static SafetyLevel parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (SafetyLevel l : values()) {
      if (l.name().equals(t)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown safety level: " + text + " (async | local-sync | network-sync | remote-sync)");
  }

  /** The command-line spelling, e.g. {@code network-sync}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
