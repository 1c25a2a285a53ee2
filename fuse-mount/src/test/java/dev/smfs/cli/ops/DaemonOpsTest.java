package dev.smfs.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.cli.CliException;
import dev.smfs.server.status.StatusFile;
import dev.smfs.server.status.StatusReport;
import dev.smfs.server.status.StatusReport.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonOpsTest {
  @TempDir Path dir;

  @Test
  void withoutMetricsNothingIsServedButTheRegistryWorks() {
    try (DaemonOps ops = DaemonOps.start(Role.PRIMARY, "v", dir, null)) {
      assertTrue(ops.metricsAddress().isEmpty());
      ops.registry().counter("smfs_log_appends").increment();
      assertTrue(ops.registry().scrape().contains("smfs_log_appends_total 1.0"));
    }
  }

  @Test
  void statusFileIsWrittenAtPublishAndGoneAfterClose() {
    DaemonOps ops = DaemonOps.start(Role.MIRROR, "v", dir, "127.0.0.1:0");
    try {
      assertTrue(ops.metricsAddress().isPresent());
      ops.publishStatus(() -> StatusReport.now(Role.MIRROR, "v", null, List.of(), null, null));
      assertEquals(Role.MIRROR, StatusFile.read(dir).orElseThrow().role());
    } finally {
      ops.close();
    }
    assertFalse(Files.exists(StatusFile.pathIn(dir)));
  }

  @Test
  void malformedMetricsAddressIsAUsageError() {
    CliException e =
        assertThrows(CliException.class, () -> DaemonOps.start(Role.PRIMARY, "v", dir, "x"));
    assertEquals(2, e.exitCode());
  }

  @Test
  void busyMetricsAddressIsAOneLineFailure() {
    try (DaemonOps first = DaemonOps.start(Role.PRIMARY, "v", dir, "127.0.0.1:0")) {
      String busy = first.metricsAddress().orElseThrow().toString();
      CliException e =
          assertThrows(CliException.class, () -> DaemonOps.start(Role.MIRROR, "v", dir, busy));
      assertEquals(1, e.exitCode());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
  }
}
