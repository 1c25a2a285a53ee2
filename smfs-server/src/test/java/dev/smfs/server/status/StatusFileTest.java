package dev.smfs.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.status.StatusReport.FecStatus;
import dev.smfs.server.status.StatusReport.LinkState;
import dev.smfs.server.status.StatusReport.MirrorLink;
import dev.smfs.server.status.StatusReport.Role;
import dev.smfs.server.status.StatusReport.VolumeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
  @TempDir Path dir;

  static StatusReport primary() {
    return new StatusReport(
        Role.PRIMARY,
        1_700_000_000_123L,
        4242,
        "0.1.0",
        "network-sync",
        List.of(new VolumeStatus("a1b2-\"q\"", 3, 1000, 990, 950)),
        new MirrorLink("10.0.0.2:7000", LinkState.CATCHING_UP, 50, 65536, 0.25),
        new FecStatus(8, 3, List.of(1, 10, 100), 3, 0.005));
  }

  static StatusReport mirror() {
    return new StatusReport(Role.MIRROR, 5, 7, "0.1.0", null, List.of(), null, null);
  }

  @Test
  void primaryRoundTripsThroughTheFile() {
    StatusFile.write(dir, primary());
    assertEquals(primary(), StatusFile.read(dir).orElseThrow());
  }

  @Test
  void mirrorWithoutLinkOrFecRoundTrips() {
    StatusFile.write(dir, mirror());
    assertEquals(mirror(), StatusFile.read(dir).orElseThrow());
  }

  @Test
  void unknownObservedLossRoundTripsAsNaN() {
    StatusReport p = primary();
    StatusReport unknown =
        new StatusReport(
            p.role(),
            p.writtenAtMillis(),
            p.pid(),
            p.version(),
            p.safety(),
            p.volumes(),
            p.mirror(),
            new FecStatus(8, 3, List.of(1, 10, 100), 3, Double.NaN));
    StatusReport back = StatusCodec.decode(StatusCodec.encode(unknown));
    assertTrue(Double.isNaN(back.fec().observedLoss()));
    assertTrue(Double.isNaN(back.fec().packetLossProbability()));
  }

  @Test
  void goldenDocumentPinsTheFormat() {
    String golden =
        "{\"format\":\"smfs-status\",\"version\":1,\"role\":\"mirror\",\"writtenAtMillis\":5,"
            + "\"pid\":7,\"smfsVersion\":\"0.1.0\",\"safety\":null,\"volumes\":[],\"mirror\":null,"
            + "\"fec\":null}";
    assertEquals(golden, StatusCodec.encode(mirror()));
    assertEquals(mirror(), StatusCodec.decode(golden));
  }

  @Test
  void missingFileReadsAsEmpty() {
    assertTrue(StatusFile.read(dir).isEmpty());
  }

  @Test
  void corruptFileFailsNamingTheFile() throws Exception {
    Files.writeString(StatusFile.pathIn(dir), "{\"format\":\"smfs-status\",\"version\":1,");
    StatusFileException e = assertThrows(StatusFileException.class, () -> StatusFile.read(dir));
    assertTrue(e.getMessage().contains("file=" + StatusFile.pathIn(dir)), e.getMessage());
  }

  @Test
  void newerVersionIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StatusCodec.decode("{\"format\":\"smfs-status\",\"version\":2}"));
    assertTrue(e.getMessage().contains("version=2"), e.getMessage());
  }

  @Test
  void writeLeavesNoTemporaryFile() {
    StatusFile.write(dir, primary());
    StatusFile.write(dir, mirror());
    assertFalse(Files.exists(dir.resolve(StatusFile.TEMP_NAME)));
    assertEquals(mirror(), StatusFile.read(dir).orElseThrow());
  }

  @Test
  void publisherDeletesTheFileOnClose() {
    StatusPublisher p = StatusPublisher.start(dir, StatusFileTest::mirror, 60_000);
    assertTrue(Files.exists(StatusFile.pathIn(dir)), "written by start");
    assertTrue(p.publishNow());
    p.close();
    assertFalse(Files.exists(StatusFile.pathIn(dir)));
  }

  @Test
  void publisherSurvivesAFailingSupplier() {
    try (StatusPublisher p =
        StatusPublisher.start(
            dir,
            () -> {
              throw new IllegalStateException("not ready");
            },
            60_000)) {
      assertFalse(p.publishNow());
    }
  }
}
