package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCatchupCommandTest {
  @Test
  void sizesTakeBinarySuffixes() {
    assertEquals(123, BenchCatchupCommand.parseSize("123"));
    assertEquals(64L << 10, BenchCatchupCommand.parseSize("64K"));
    assertEquals(16L << 20, BenchCatchupCommand.parseSize("16MiB"));
    assertEquals(1L << 30, BenchCatchupCommand.parseSize("1g"));
  }

  @Test
  void malformedSizeIsAUsageError() {
    assertThrows(IllegalArgumentException.class, () -> BenchCatchupCommand.parseSize("1T"));
    CliRunner cli = new CliRunner();
    assertEquals(Smfs.EXIT_USAGE, cli.run("bench", "catchup", "--size", "lots"));
    assertTrue(cli.oneErrorLine().contains("size"), cli.err.toString());
  }

  @Test
  void moreFilesThanBytesIsAUsageError() {
    CliRunner cli = new CliRunner();
    assertEquals(Smfs.EXIT_USAGE, cli.run("bench", "catchup", "--size", "2", "--files", "3"));
    assertTrue(cli.oneErrorLine().contains("files"), cli.err.toString());
  }
}
