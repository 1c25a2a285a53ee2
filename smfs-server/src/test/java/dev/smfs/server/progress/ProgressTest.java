package dev.smfs.server.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void tick(long seconds) {
    clock.addAndGet(seconds * 1_000_000_000L);
  }

  @Test
  void nonTerminalPrintsNothingBeforeTheInterval() {
    Progress p = Progress.start("fsck", 100, "records", out, false, clock::get);
    tick(9);
    p.advance(10);
    assertEquals("", output());
  }

  @Test
  void nonTerminalPrintsAKeyValueLineEachInterval() {
    Progress p = Progress.start("catch-up", 1000, "records", out, false, clock::get);
    tick(10);
    p.advance(250);
    assertEquals(
        "progress task=catch-up done=250 total=1000 unit=records pct=25.0 rate_per_s=25.0"
            + " eta_s=30\n",
        output());
  }

  @Test
  void closePrintsOneFinalLine() {
    Progress p = Progress.start("sync", 10, "bytes", out, false, clock::get);
    p.advance(10);
    tick(2);
    p.close();
    p.close();
    assertEquals(
        "done task=sync done=10 total=10 unit=bytes pct=100.0 rate_per_s=5.0 elapsed_s=2.0\n",
        output());
  }

  @Test
  void unknownTotalLeavesOutPercentageAndEta() {
    Progress p = Progress.start("scan", -1, "segments", out, false, clock::get);
    tick(10);
    p.advance(5);
    assertEquals("progress task=scan done=5 unit=segments rate_per_s=0.5\n", output());
  }

  @Test
  void terminalRedrawsABarInPlace() {
    Progress p = Progress.start("bench", 4, "runs", out, true, clock::get);
    tick(1);
    p.advance(1);
    tick(1);
    p.advance(1);
    p.close();
    String bar1 = "\rbench [#######.......................]  25.0% 1/4 runs 1.0/s eta 3s";
    String bar2 = "\rbench [###############...............]  50.0% 2/4 runs 1.0/s eta 2s";
    String last = "\rbench [###############...............]  50.0% 2/4 runs 1.0/s\n";
    assertEquals(bar1 + bar2 + last, output());
  }

  @Test
  void negativeAdvanceIsRejected() {
    Progress p = Progress.start("x", 1, "u", out, false, clock::get);
    assertThrows(IllegalArgumentException.class, () -> p.advance(-1));
  }

  @Test
  void lineModeHandsTheSameKeyValueLinesToTheSink() {
    java.util.List<String> lines = new java.util.ArrayList<>();
    Progress p = Progress.toLines("catch-up", 1000, "records", lines::add, clock::get);
    tick(10);
    p.advance(250);
    p.close();
    assertEquals(2, lines.size());
    assertEquals(
        "progress task=catch-up done=250 total=1000 unit=records pct=25.0 rate_per_s=25.0"
            + " eta_s=30",
        lines.get(0));
    assertEquals(
        "done task=catch-up done=250 total=1000 unit=records pct=25.0 rate_per_s=25.0"
            + " elapsed_s=10.0",
        lines.get(1));
    assertEquals("", output());
  }
}
