package dev.smfs.server.logging;

/**
 * Formats key=value facts for one-line log events and exception messages:
 *
 * <pre>
 * LOG.warn("mirror unreachable {}", Facts.of("mirror", addr, "retry_in_ms", 500));
 * LOG.info("segment rolled {} {}", Facts.of("file", f, "bytes", n), Facts.cause(e));
 * </pre>
 *
 * Values with spaces, quotes, '=' or nothing at all are double-quoted (quotes and backslashes
 * escaped) so a line splits back into its facts. {@link #cause} summarises an exception of an
 * expected condition (peer gone, disk full, corrupt record) as {@code error=Type message="..."}
 * instead of a stack trace; pass the exception itself to the logger only for the unexpected.
 *
 * <p>Stateless; thread-safe.
 */
public final class Facts {
  private Facts() {}

  /**
   * {@code k1=v1 k2=v2 ...}
   *
   * @param keysAndValues alternating keys (non-null strings) and values (any, null printed as
   *     {@code null})
   */
  public static String of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "facts need key/value pairs: arguments=" + keysAndValues.length);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(keysAndValues[i]).append('=').append(value(keysAndValues[i + 1]));
    }
    return b.toString();
  }

  /** {@code error=SimpleClassName message="..."}, following causes as {@code cause=...}. */
  public static String cause(Throwable t) {
    StringBuilder b = new StringBuilder();
    String key = "error";
    int depth = 0;
    for (Throwable c = t; c != null && depth < 4; c = c.getCause(), depth++) {
      if (depth > 0) {
        b.append(' ');
      }
      b.append(key).append('=').append(c.getClass().getSimpleName());
      if (c.getMessage() != null) {
        b.append(' ').append(key.equals("error") ? "message" : "cause_message");
        b.append('=').append(value(c.getMessage()));
      }
      key = "cause";
    }
    return b.toString();
  }

  static String value(Object v) {
    String s = String.valueOf(v);
    boolean plain = !s.isEmpty();
    for (int i = 0; i < s.length() && plain; i++) {
      char ch = s.charAt(i);
      plain = ch > ' ' && ch != '"' && ch != '=' && ch != '\\';
    }
    if (plain) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch == '\n') {
        b.append("\\n");
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }
}
