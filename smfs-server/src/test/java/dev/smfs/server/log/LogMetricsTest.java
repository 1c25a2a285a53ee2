package dev.smfs.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMetricsTest {
  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void appendsRollsAndSyncsAreCounted() throws IOException {
    try (Log log =
        SegmentedLog.open(dir, LogFixture.SMALL, LogFixture.NO_SYNC, new LogMetrics(registry))) {
      for (int i = 0; i < 5; i++) {
        log.append(1, ByteBuffer.allocate(100));
      }
      log.awaitDurable(5);
      assertEquals(5, counter("smfs_log_appends"));
      assertEquals(5 * 120, counter("smfs_log_appended_bytes"));
      assertEquals(1, counter("smfs_log_segment_rolls"));
      assertEquals(1, counter("smfs_log_fsyncs"));
      assertEquals(5, registry.get("smfs_log_commit_group_records").summary().totalAmount());
      assertEquals(5, registry.get("smfs_log_last_lsn").gauge().value());
      assertEquals(5, registry.get("smfs_log_durable_lsn").gauge().value());
    }
    assertNull(registry.find("smfs_log_last_lsn").gauge(), "gauges leave with the closed log");
  }

  @Test
  void recoveryCutBytesAreCounted() throws IOException {
    try (Log log = SegmentedLog.open(dir, LogFixture.SMALL, LogFixture.NO_SYNC)) {
      log.append(1, ByteBuffer.allocate(100));
    }
    Path head = LogFixture.segmentFile(dir, 1);
    LogFixture.truncate(head, SegmentFormat.FILE_HEADER_BYTES + 60);
    try (Log log =
        SegmentedLog.open(dir, LogFixture.SMALL, LogFixture.NO_SYNC, new LogMetrics(registry))) {
      assertEquals(60, counter("smfs_log_recovery_cut_bytes"));
      assertEquals(0, log.lastLsn());
    }
  }
}
