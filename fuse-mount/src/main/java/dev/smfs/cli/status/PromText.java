package dev.smfs.cli.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format (0.0.4) into samples: comment lines are skipped,
 * each other line is {@code name[{labels}] value [timestamp]}.
 *
 * <p>Stateless; thread-safe.
 */
final class PromText {
  private PromText() {}

  /**
   * @throws IllegalArgumentException naming the line when one is malformed
   */
  static List<PromSample> parse(String text) {
    List<PromSample> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        out.add(parseLine(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "malformed metrics line: line=" + (i + 1) + " text='" + line + "'", e);
      }
    }
    return out;
  }

  private static PromSample parseLine(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    String rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int pos = brace + 1;
      while (line.charAt(pos) != '}') {
        int eq = line.indexOf('=', pos);
        String key = line.substring(pos, eq).strip();
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int p = eq + 2;
        while (line.charAt(p) != '"') {
          char ch = line.charAt(p);
          if (ch == '\\') {
            char next = line.charAt(++p);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(ch);
          }
          p++;
        }
        labels.put(key, value.toString());
        pos = p + 1;
        if (line.charAt(pos) == ',') {
          pos++;
        }
      }
      rest = line.substring(pos + 1).strip();
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1).strip();
    }
    String valueText = rest.split("\\s+")[0];
    double value =
        switch (valueText) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(valueText);
        };
    return new PromSample(name, labels, value);
  }
}
