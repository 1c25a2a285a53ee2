package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.log.SegmentInfo;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ShipperTest {
  private static final UUID NODE = new UUID(1, 2);
  private static final UUID VOLUME = new UUID(3, 4);

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<byte[]> payloads = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Log logWith(int records) throws Exception {
    Log log = Log.open(dir.resolve("log"), new LogConfig(1 << 20, 64 << 10));
    closing.add(log);
    Random rnd = new Random(7);
    for (int i = 0; i < records; i++) {
      byte[] p = new byte[i % 10 == 0 ? 5000 : rnd.nextInt(200)];
      rnd.nextBytes(p);
      payloads.add(p);
      log.append(9, ByteBuffer.wrap(p));
    }
    return log;
  }

  private FakeMirror mirror(long durable) throws Exception {
    FakeMirror m = new FakeMirror(a -> new ControlMessage.Attached(a.streamId(), durable));
    closing.add(m);
    return m;
  }

  private ShippedVolume ship(InetSocketAddress mirror, Log log) {
    Shipper s = new Shipper(ShipperConfig.of(mirror, NODE));
    closing.add(s);
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    s.start();
    return v;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void attachCarriesVolumeEpochAndLsnRange() throws Exception {
    Log log = logWith(5);
    FakeMirror m = mirror(0);
    ship(m.address(), log);
    assertEquals(NODE, m.nodes.poll(10, TimeUnit.SECONDS));
    assertEquals(
        new ControlMessage.Attach(1, VOLUME, 1, 1, 5), m.control.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void shipsEveryRecordToANewMirrorInOrder() throws Exception {
    Log log = logWith(40);
    FakeMirror m = mirror(0);
    ShippedVolume v = ship(m.address(), log);
    for (int i = 0; i < 40; i++) {
      Frame f = m.frames.poll(10, TimeUnit.SECONDS);
      assertNotNull(f, "frame " + (i + 1));
      assertEquals(i + 1, f.lsn());
      assertEquals(9, f.type());
      assertArrayEquals(payloads.get(i), bytes(f.payload()));
    }
    byte[] more = {1, 2, 3};
    log.append(9, ByteBuffer.wrap(more));
    v.kick();
    Frame f = m.frames.poll(10, TimeUnit.SECONDS);
    assertEquals(41, f.lsn());
    assertArrayEquals(more, bytes(f.payload()));
  }

  @Test
  void resumesAfterTheMirrorsDurableLsn() throws Exception {
    Log log = logWith(30);
    FakeMirror m = mirror(20);
    ShippedVolume v = ship(m.address(), log);
    assertEquals(21, m.frames.poll(10, TimeUnit.SECONDS).lsn());
    assertEquals(20, v.mirrorDurableLsn());
  }

  @Test
  void durableFutureCompletesOnlyWithTheMirrorsDurableMessage() throws Exception {
    Log log = logWith(10);
    FakeMirror m = mirror(0);
    ShippedVolume v = ship(m.address(), log);
    var f = v.durable(10);
    for (int i = 0; i < 10; i++) {
      assertNotNull(m.frames.poll(10, TimeUnit.SECONDS));
    }
    assertFalse(f.isDone());
    m.send(new ControlMessage.Durable(1, 9));
    var f9 = v.durable(9);
    f9.get(10, TimeUnit.SECONDS);
    assertFalse(f.isDone());
    m.send(new ControlMessage.Durable(1, 10));
    f.get(10, TimeUnit.SECONDS);
    assertEquals(10, v.mirrorDurableLsn());
  }

  @Test
  void coveredFutureCompletesOnceTheRecordIsShippedAndRepaired() throws Exception {
    Log log = logWith(3);
    FakeMirror m = mirror(0);
    ShippedVolume v = ship(m.address(), log);
    v.covered(3, 3).get(10, TimeUnit.SECONDS);
    assertTrue(v.status().shippedLsn() >= 3);
  }

  @Test
  void refusedVolumeFailsCoverageWaitsAndReportsTheReason() throws Exception {
    Log log = logWith(3);
    FakeMirror m =
        new FakeMirror(a -> new ControlMessage.Refused(a.streamId(), RefuseReason.STALE_EPOCH));
    closing.add(m);
    ShippedVolume v = ship(m.address(), log);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> v.covered(3, 1).get(10, TimeUnit.SECONDS));
    assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
    assertTrue(v.unreachable());
    assertEquals(RefuseReason.STALE_EPOCH, v.status().refused());
    assertEquals(ReplicationState.DEGRADED, v.status().state());
  }

  @Test
  void retentionKeepsSegmentsTheMirrorHasNotMadeDurable() throws Exception {
    Log log = logWith(10);
    FakeMirror m = mirror(0);
    ShippedVolume v = ship(m.address(), log);
    SegmentInfo seg = new SegmentInfo(1, 1, 5, 4096, true);
    assertFalse(v.retention().canDelete(seg));
    assertNotNull(m.control.poll(10, TimeUnit.SECONDS)); // attached
    m.send(new ControlMessage.Durable(1, 5));
    v.durable(5).get(10, TimeUnit.SECONDS);
    assertTrue(v.retention().canDelete(seg));
  }

  @Test
  void unreachableMirrorDegradesAndFailsPendingCoverage() throws Exception {
    Log log = logWith(3);
    // nothing listens on this port: connects time out
    InetSocketAddress nowhere;
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
      nowhere = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    Shipper s =
        new Shipper(
            ShipperConfig.of(nowhere, NODE)
                .withSession(
                    dev.smfs.transport.session.SessionConfig.defaults()
                        .withConnectTimeout(Duration.ofMillis(200))));
    closing.add(s);
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    var f = v.covered(3, 1);
    assertEquals(ReplicationState.CONNECTING, s.state());
    s.start();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ReplicationUnavailableException.class, e.getCause());
    assertEquals(ReplicationState.DEGRADED, s.state());
    assertEquals(3, v.status().lagRecords());
  }
}
