package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Flag validation of {@code smfs bench transport}; the benchmark itself runs in fec-transport. */
class BenchTransportCommandTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private String oneErrorLine() {
    return cli.oneErrorLine();
  }

  @Test
  void fecWithoutTwoNumbersIsAUsageError() {
    assertEquals(2, run("bench", "transport", "--fec", "8"));
    assertTrue(oneErrorLine().contains("--fec expects R,C"), err::toString);
  }

  @Test
  void interleaveCountMustMatchLayers() {
    assertEquals(2, run("bench", "transport", "--fec", "8,3", "--interleave", "1,10"));
    assertTrue(oneErrorLine().contains("interleave count=2 must equal c=3"), err::toString);
  }

  @Test
  void lossAboveOneIsAUsageError() {
    assertEquals(2, run("bench", "transport", "--loss", "2"));
    assertTrue(oneErrorLine().contains("loss=2.0 must be in [0,1]"), err::toString);
  }

  @Test
  void payloadSmallerThanItsHeaderIsAUsageError() {
    assertEquals(2, run("bench", "transport", "--size", "8"));
    assertTrue(oneErrorLine().contains("size=8"), err::toString);
  }

  @Test
  void latencyLoadOfOneOrMoreIsAUsageError() {
    assertEquals(2, run("bench", "transport", "--latency-load", "1"));
    assertTrue(oneErrorLine().contains("--latency-load=1.0 must be in [0,1)"), err::toString);
  }
}
