package dev.smfs.cli.config;

import dev.smfs.server.metrics.HostPort;
import dev.smfs.transport.fec.FecParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one configuration value is checked and typed. {@link #parse} returns the typed value or
 * throws {@link IllegalArgumentException} whose message states the problem (without the key, file
 * or line, which the caller adds).
 */
public interface ValueType {
  /**
   * @param raw the trimmed value text, never empty
   * @param baseDir directory of the configuration file, against which relative paths resolve
   */
  Object parse(String raw, Path baseDir);

  /** Human description for errors, e.g. {@code an integer in [1, 100000]}. */
  String describe();

  static ValueType string() {
    return simple("a string", (raw, base) -> raw);
  }

  /** A path; relative paths are relative to the configuration file's directory. */
  static ValueType path() {
    return simple("a path", (raw, base) -> base.resolve(raw).normalize());
  }

  static ValueType hostPort() {
    return simple("HOST:PORT", (raw, base) -> HostPort.parse(raw));
  }

  /**
   * A {@code HOST:PORT} the transport binds or sends to: as {@link #hostPort()}, and an IPv6 host
   * must be in brackets ({@code [::1]:7000}), as the {@code --mirror} and {@code --listen} flags
   * require. The host is not resolved here.
   */
  static ValueType socketAddress() {
    return simple(
        "HOST:PORT (IPv6 as [ADDR]:PORT)",
        (raw, base) -> {
          HostPort hp = HostPort.parse(raw);
          String host = raw.substring(0, raw.lastIndexOf(':'));
          boolean bracketed = host.startsWith("[") && host.endsWith("]");
          if (!bracketed && host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                "IPv6 hosts need brackets, as in [::1]:PORT: '" + raw + "'");
          }
          return hp;
        });
  }

  static ValueType bool() {
    return simple(
        "true or false",
        (raw, base) -> {
          return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean: '" + raw + "'");
          };
        });
  }

  static ValueType intRange(long min, long max) {
    String what = "an integer in [" + min + ", " + max + "]";
    return simple(
        what,
        (raw, base) -> {
          long v;
          try {
            v = Long.parseLong(raw);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + raw + "'");
          }
          if (v < min || v > max) {
            throw new IllegalArgumentException("out of range: " + v + " is not " + what);
          }
          return v;
        });
  }

  static ValueType oneOf(String... choices) {
    List<String> allowed = List.of(choices);
    return simple(
        "one of " + String.join(", ", allowed),
        (raw, base) -> {
          if (!allowed.contains(raw)) {
            throw new IllegalArgumentException(
                "'" + raw + "' is not one of " + String.join(", ", allowed));
          }
          return raw;
        });
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 2m} or {@code 1h}, in [min, max]. */
  static ValueType duration(Duration min, Duration max) {
    Pattern form = Pattern.compile("(\\d+)(ms|s|m|h)");
    String what = "a duration like 500ms, 30s, 2m in [" + min + ", " + max + "]";
    return simple(
        what,
        (raw, base) -> {
          Matcher m = form.matcher(raw);
          if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (use ms, s, m or h): '" + raw + "'");
          }
          Duration d;
          try {
            long n = Long.parseLong(m.group(1));
            d =
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                };
          } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("out of range: " + raw + " is not " + what);
          }
          if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("out of range: " + raw + " is not " + what);
          }
          return d;
        });
  }

  /** {@code R,C} within {@link FecParams}' ranges. */
  static ValueType fecRate() {
    return simple(
        "R,C with R in ["
            + FecParams.MIN_R
            + ", "
            + FecParams.MAX_R
            + "], C in ["
            + FecParams.MIN_C
            + ", "
            + FecParams.MAX_C
            + "]",
        (raw, base) -> {
          String[] parts = raw.split(",", -1);
          if (parts.length != 2) {
            throw new IllegalArgumentException("must be R,C: '" + raw + "'");
          }
          int[] rc = ints(raw, parts);
          if (rc[0] < FecParams.MIN_R || rc[0] > FecParams.MAX_R) {
            throw new IllegalArgumentException(
                "out of range: R="
                    + rc[0]
                    + " is not in ["
                    + FecParams.MIN_R
                    + ", "
                    + FecParams.MAX_R
                    + "]");
          }
          if (rc[1] < FecParams.MIN_C || rc[1] > FecParams.MAX_C) {
            throw new IllegalArgumentException(
                "out of range: C="
                    + rc[1]
                    + " is not in ["
                    + FecParams.MIN_C
                    + ", "
                    + FecParams.MAX_C
                    + "]");
          }
          return List.of(rc[0], rc[1]);
        });
  }

  /** Comma-separated interleaves, each within {@link FecParams}' range. */
  static ValueType interleaves() {
    return simple(
        "comma-separated integers in ["
            + FecParams.MIN_INTERLEAVE
            + ", "
            + FecParams.MAX_INTERLEAVE
            + "]",
        (raw, base) -> {
          int[] values = ints(raw, raw.split(",", -1));
          for (int v : values) {
            if (v < FecParams.MIN_INTERLEAVE || v > FecParams.MAX_INTERLEAVE) {
              throw new IllegalArgumentException(
                  "out of range: interleave "
                      + v
                      + " is not in ["
                      + FecParams.MIN_INTERLEAVE
                      + ", "
                      + FecParams.MAX_INTERLEAVE
                      + "]");
            }
          }
          return java.util.Arrays.stream(values).boxed().toList();
        });
  }

  private static int[] ints(String raw, String[] parts) {
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "not an integer list: '" + raw + "' element='" + parts[i].trim() + "'");
      }
    }
    return out;
  }

  /** Parsing function of {@link #simple}. */
  interface Parser {
    Object parse(String raw, Path baseDir);
  }

  private static ValueType simple(String description, Parser parser) {
    return new ValueType() {
      @Override
      public Object parse(String raw, Path baseDir) {
        return parser.parse(raw, baseDir);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}
