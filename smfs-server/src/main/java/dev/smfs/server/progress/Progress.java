package dev.smfs.server.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reports how far a long task is. On a terminal ({@code System.console() != null}) it redraws one
 * bar line in place at most every {@link #BAR_INTERVAL_NANOS}; otherwise (logs, pipes, systemd) it
 * prints a key=value line at most every {@link #LINE_INTERVAL_NANOS}:
 *
 * <pre>
 * progress task=catch-up done=450 total=1000 unit=records pct=45.0 rate_per_s=90.0 eta_s=6
 * </pre>
 *
 * and always one final {@code done} line on {@link #close()}. With an unknown total ({@code -1})
 * percentage, bar and ETA are left out. The clock and the output are injected for tests. Daemons,
 * which have no terminal, send the same lines to their log ({@link #toLines}).
 *
 * <p>Thread-safe: workers may call {@link #advance} concurrently.
 */
public final class Progress implements AutoCloseable {
  public static final long BAR_INTERVAL_NANOS = 100_000_000L;
  public static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
  static final int BAR_WIDTH = 30;

  private final String task;
  private final long total;
  private final String unit;
  private final PrintStream out; // null when lines go to {@code lines}
  private final Consumer<String> lines;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long done; // guarded by this
  private long lastPrintNanos; // guarded by this
  private boolean closed; // guarded by this

  Progress(
      String task,
      long total,
      String unit,
      PrintStream out,
      Consumer<String> lines,
      boolean terminal,
      LongSupplier nanoClock) {
    if (total < -1) {
      throw new IllegalArgumentException("total must be >= 0 or -1 (unknown): total=" + total);
    }
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.out = out;
    this.lines = lines;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /**
   * Progress on stderr, as a bar when the process has a console.
   *
   * @param task short name, e.g. {@code catch-up}
   * @param total units of work, or -1 when unknown
   * @param unit what is counted, e.g. {@code records} or {@code bytes}
   */
  public static Progress start(String task, long total, String unit) {
    return new Progress(
        task, total, unit, System.err, null, System.console() != null, System::nanoTime);
  }

  /**
   * Periodic key=value lines (never a bar) handed to {@code lines}, e.g. a logger's {@code info}:
   * for daemons. {@code lines} is called while this progress is locked, so it must not call back.
   */
  public static Progress toLines(
      String task, long total, String unit, Consumer<String> lines, LongSupplier nanoClock) {
    return new Progress(task, total, unit, null, lines, false, nanoClock);
  }

  /** As {@link #start} with the output, terminal mode and clock given (tests, embedding). */
  public static Progress start(
      String task,
      long total,
      String unit,
      PrintStream out,
      boolean terminal,
      LongSupplier nanoClock) {
    return new Progress(task, total, unit, out, null, terminal, nanoClock);
  }

  /** Adds {@code units} of finished work; prints when the interval has passed. */
  public synchronized void advance(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("progress cannot go back: units=" + units);
    }
    done += units;
    long now = nanoClock.getAsLong();
    long interval = terminal ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS;
    if (!closed && now - lastPrintNanos >= interval) {
      lastPrintNanos = now;
      print(now, false);
    }
  }

  public synchronized long done() {
    return done;
  }

  /** Prints the final line (ending the bar on a terminal). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    print(nanoClock.getAsLong(), true);
  }

  private void print(long now, boolean finished) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    if (lines != null) {
      lines.accept(line(rate, seconds, finished));
      return;
    }
    if (terminal) {
      out.print("\r" + bar(rate, finished) + (finished ? "\n" : ""));
    } else {
      out.println(line(rate, seconds, finished));
    }
    out.flush();
  }

  private String bar(double rate, boolean finished) {
    StringBuilder b = new StringBuilder(task).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
      b.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
      b.append(String.format(Locale.ROOT, "%5.1f%% ", percent()));
    }
    b.append(done);
    if (total >= 0) {
      b.append('/').append(total);
    }
    b.append(' ').append(unit);
    b.append(String.format(Locale.ROOT, " %.1f/s", rate));
    long eta = eta(rate);
    if (!finished && eta >= 0) {
      b.append(" eta ").append(eta).append('s');
    }
    return b.toString();
  }

  private String line(double rate, double seconds, boolean finished) {
    StringBuilder b = new StringBuilder(finished ? "done" : "progress");
    b.append(" task=").append(task).append(" done=").append(done);
    if (total >= 0) {
      b.append(" total=").append(total);
    }
    b.append(" unit=").append(unit);
    if (total > 0) {
      b.append(String.format(Locale.ROOT, " pct=%.1f", percent()));
    }
    b.append(String.format(Locale.ROOT, " rate_per_s=%.1f", rate));
    if (finished) {
      b.append(String.format(Locale.ROOT, " elapsed_s=%.1f", seconds));
    } else if (eta(rate) >= 0) {
      b.append(" eta_s=").append(eta(rate));
    }
    return b.toString();
  }

  private double percent() {
    return Math.min(100.0, 100.0 * done / total);
  }

  /** Seconds left at the current rate; -1 when the total or the rate is unknown. */
  private long eta(double rate) {
    if (total < 0 || rate <= 0) {
      return -1;
    }
    return (long) Math.ceil(Math.max(0, total - done) / rate);
  }
}
