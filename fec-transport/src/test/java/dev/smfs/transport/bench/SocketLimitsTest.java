package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketLimitsTest {
  @TempDir Path dir;

  @Test
  void lowerCeilingsAreRaisedHigherOnesKept() throws IOException {
    Files.writeString(dir.resolve("rmem_max"), "4194304\n");
    Files.writeString(dir.resolve("wmem_max"), "16777216\n");
    assertEquals(
        "rmem_max 4194304 -> 8388608, wmem_max 16777216", SocketLimits.raise(dir, 8 << 20));
    assertEquals("8388608", Files.readString(dir.resolve("rmem_max")));
    assertEquals("16777216\n", Files.readString(dir.resolve("wmem_max")));
  }

  @Test
  void missingCeilingsAreReportedUnknown() {
    assertEquals("rmem_max unknown, wmem_max unknown", SocketLimits.raise(dir, 8 << 20));
  }
}
