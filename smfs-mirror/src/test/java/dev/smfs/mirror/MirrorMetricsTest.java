package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.mirror.testing.MiniCluster;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.MirroredVolume;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.session.TransportMetrics;
import dev.smfs.transport.session.TransportOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror counts the records it appends and the DURABLE acknowledgements it sends, and its
 * replica logs count their appends.
 */
@Timeout(60)
class MirrorMetricsTest {
  @TempDir Path dir;

  @Test
  void receivedRecordsAndAcksAreCountedPerVolume() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String volume;
    long lastLsn;
    try (MirrorServer m =
        MirrorServer.start(
            MirrorConfig.of(dir.resolve("mirror"), new InetSocketAddress("127.0.0.1", 0))
                .withSession(MiniCluster.SESSION)
                .withOptions(
                    TransportOptions.defaults().withMetrics(new TransportMetrics(registry)))
                .withMinFreeBytes(0))) {
      String addr = "127.0.0.1:" + m.address().getPort();
      ShipperConfig sc = ShipperConfig.fromFlags(addr, "8,3", null, null, UUID.randomUUID());
      try (MirroredVolume p =
          MirroredVolume.open(
              dir.resolve("primary"),
              VolumeConfig.defaults(),
              new TestClock(),
              SafetyLevel.REMOTE_SYNC,
              sc,
              null,
              null)) {
        InodeAttr f = p.volume().create(Volume.ROOT, "f", 0644, 0, 0);
        p.volume().write(f.ino(), 0, ByteBuffer.wrap(new byte[5000]));
        volume = p.volume().uuid().toString();
        lastLsn = p.volume().lastLsn();
      }
    }
    // The mirror is closed: its commit thread has ended, every count is final.
    double received =
        registry.get(MetricNames.MIRROR_RECORDS_RECEIVED).tag("volume", volume).counter().count();
    assertEquals(lastLsn, (long) received);
    double acks =
        registry.get(MetricNames.MIRROR_ACKS_SENT).tag("volume", volume).counter().count();
    assertTrue(acks >= 1, "acks=" + acks);
    double appended = registry.get(MetricNames.LOG_APPENDS).tag("volume", volume).counter().count();
    assertEquals(lastLsn, (long) appended);
  }
}
