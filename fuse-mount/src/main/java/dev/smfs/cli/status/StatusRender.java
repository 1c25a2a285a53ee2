package dev.smfs.cli.status;

import dev.smfs.server.status.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders status facts (maps of String, Number, Boolean, null, List and nested maps) as one JSON
 * object on one line, or as an indented human table where nested maps become sections and absent
 * values show as {@code -}.
 *
 * <p>Stateless; thread-safe.
 */
public final class StatusRender {
  private StatusRender() {}

  public static String json(Object value) {
    StringBuilder b = new StringBuilder();
    appendJson(b, value);
    return b.toString();
  }

  private static void appendJson(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      b.append(Json.quote(s));
    } else if (v instanceof Boolean bool) {
      b.append(bool);
    } else if (v instanceof Number n) {
      b.append(Json.number(n.doubleValue()));
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ",").append(Json.quote(String.valueOf(e.getKey()))).append(':');
        appendJson(b, e.getValue());
        first = false;
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ",");
        appendJson(b, l.get(i));
      }
      b.append(']');
    } else {
      b.append(Json.quote(v.toString()));
    }
  }

  public static String table(Map<String, Object> facts) {
    StringBuilder b = new StringBuilder();
    appendTable(b, facts, "");
    return b.toString();
  }

  private static void appendTable(StringBuilder b, Map<?, ?> facts, String indent) {
    int width = 0;
    for (Object k : facts.keySet()) {
      width = Math.max(width, k.toString().length());
    }
    for (Map.Entry<?, ?> e : facts.entrySet()) {
      String key = e.getKey().toString().replace('_', ' ');
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        b.append(indent).append(key).append(":\n");
        appendTable(b, m, indent + "  ");
      } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
        for (int i = 0; i < l.size(); i++) {
          b.append(indent).append(key).append(" [").append(i).append("]:\n");
          appendTable(b, (Map<?, ?>) l.get(i), indent + "  ");
        }
      } else {
        b.append(indent)
            .append(String.format(Locale.ROOT, "%-" + (width + 1) + "s ", key + ":"))
            .append(scalar(v))
            .append('\n');
      }
    }
  }

  static String scalar(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
      return Math.abs(d) < 1e-3
          ? String.format(Locale.ROOT, "%.3e", d)
          : String.format(Locale.ROOT, "%.4f", d);
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "(none)" : l.toString();
    }
    return v.toString();
  }
}
