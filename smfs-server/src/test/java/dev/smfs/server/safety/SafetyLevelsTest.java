package dev.smfs.server.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.ship.ReplicationState;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.transport.session.SessionConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Safety levels against a mirror that never answers. */
@Timeout(60)
class SafetyLevelsTest {
  @TempDir Path dir;
  private Log log;
  private Shipper shipper;
  private ShippedVolume volume;

  @BeforeEach
  void unreachableMirror() throws Exception {
    log = Log.open(dir, LogConfig.defaults());
    InetSocketAddress nowhere;
    try (DatagramSocket s = new DatagramSocket(0)) {
      nowhere = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    shipper =
        new Shipper(
            ShipperConfig.of(nowhere, new UUID(1, 1))
                .withSession(SessionConfig.defaults().withConnectTimeout(Duration.ofMillis(100))));
    volume = shipper.add(new UUID(2, 2), () -> 1, log);
  }

  @AfterEach
  void close() throws Exception {
    shipper.close();
    log.close();
  }

  @Test
  void parseAcceptsTheCommandLineSpelling() {
    assertEquals(SafetyLevel.NETWORK_SYNC, SafetyLevel.parse("network-sync"));
    assertEquals(SafetyLevel.LOCAL_SYNC, SafetyLevel.parse("LOCAL_SYNC"));
    assertEquals("remote-sync", SafetyLevel.REMOTE_SYNC.cliName());
    assertThrows(IllegalArgumentException.class, () -> SafetyLevel.parse("sync"));
  }

  @Test
  void networkSyncDegradesToLocalDurabilityWhileTheMirrorIsUnreachable() throws Exception {
    shipper.start();
    assertTrue(shipper.awaitState(ReplicationState.DEGRADED, Duration.ofSeconds(20)));
    long lsn = log.append(1, ByteBuffer.wrap(new byte[10])).lsn();
    new NetworkSync(volume, 3).await(log, lsn);
    assertTrue(log.durableLsn() >= lsn);
    assertEquals(1, volume.status().lagRecords());
  }

  @Test
  void remoteSyncFailsAfterItsTimeout() throws Exception {
    shipper.start();
    long lsn = log.append(1, ByteBuffer.wrap(new byte[10])).lsn();
    IOException e =
        assertThrows(
            IOException.class,
            () -> new RemoteSync(volume, Duration.ofMillis(200)).await(log, lsn));
    assertTrue(e.getMessage().contains("lsn=" + lsn), e.getMessage());
    assertTrue(log.durableLsn() >= lsn, "local durability comes first");
  }

  @Test
  void factoryMapsLevels() {
    assertSame(Durability.ASYNC, Durabilities.forLevel(SafetyLevel.ASYNC));
    assertSame(Durability.LOCAL_SYNC, Durabilities.forLevel(SafetyLevel.LOCAL_SYNC));
    assertThrows(
        IllegalArgumentException.class, () -> Durabilities.forLevel(SafetyLevel.REMOTE_SYNC));
    assertTrue(
        Durabilities.forLevel(SafetyLevel.NETWORK_SYNC, volume, 2, Duration.ofSeconds(1))
            instanceof NetworkSync);
    assertTrue(
        Durabilities.forLevel(SafetyLevel.REMOTE_SYNC, volume, 2, Duration.ofSeconds(1))
            instanceof RemoteSync);
  }
}
