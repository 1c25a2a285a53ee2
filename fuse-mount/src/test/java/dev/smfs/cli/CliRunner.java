package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code smfs} command line in-process, capturing what it prints. One per test. */
final class CliRunner {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs {@code smfs args...} and returns its exit code; output accumulates in out and err. */
  int run(String... args) {
    CommandLine cl = Smfs.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** The whole of stderr, asserted to be exactly one line. */
  String oneErrorLine() {
    String text = err.toString().strip();
    assertEquals(1, text.lines().count(), text);
    return text;
  }
}
