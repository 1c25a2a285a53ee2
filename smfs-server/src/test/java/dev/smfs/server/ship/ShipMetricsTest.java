package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.testing.TestClock;
import dev.smfs.transport.session.TransportMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipper's meters and lag in seconds, against a {@link FakeMirror}. */
@Timeout(60)
class ShipMetricsTest {
  private static final UUID VOLUME = new UUID(3, 4);

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestClock clock = new TestClock();
  private long appendedBytes;

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Log logWith(int records) throws Exception {
    Log log = Log.open(dir.resolve("log"), new LogConfig(1 << 20, 64 << 10));
    closing.add(log);
    for (int i = 0; i < records; i++) {
      byte[] p = new byte[100 + i];
      appendedBytes += p.length + ReplicationCodec.FRAME_HEADER_BYTES;
      log.append(9, ByteBuffer.wrap(p));
    }
    return log;
  }

  private Shipper shipper(FakeMirror m) {
    ShipperConfig c = ShipperConfig.of(m.address(), new UUID(1, 2));
    Shipper s =
        new Shipper(
            c.withOptions(c.options().withMetrics(new TransportMetrics(registry))), clock::nanos);
    closing.add(s);
    return s;
  }

  private FakeMirror mirror() throws Exception {
    FakeMirror m = new FakeMirror(a -> new ControlMessage.Attached(a.streamId(), 0));
    closing.add(m);
    return m;
  }

  private double count(String name) {
    return registry.get(name).tag("volume", VOLUME.toString()).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("volume", VOLUME.toString()).gauge().value();
  }

  @Test
  void countsRecordsAndFrameBytesHandedToTheSession() throws Exception {
    Log log = logWith(10);
    Shipper s = shipper(mirror());
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    s.start();
    v.covered(10, 0).get(10, TimeUnit.SECONDS);
    assertEquals(10, count(MetricNames.SHIP_RECORDS));
    assertEquals(appendedBytes, count(MetricNames.SHIP_BYTES));
  }

  @Test
  void countsWhatTheMirrorAcknowledgedAsDurable() throws Exception {
    Log log = logWith(10);
    FakeMirror m = mirror();
    Shipper s = shipper(m);
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    s.start();
    v.covered(10, 0).get(10, TimeUnit.SECONDS);
    m.send(new ControlMessage.Durable(1, 4));
    v.durable(4).get(10, TimeUnit.SECONDS);
    assertEquals(4, count(MetricNames.SHIP_ACKED_RECORDS));
    m.send(new ControlMessage.Durable(1, 10));
    v.durable(10).get(10, TimeUnit.SECONDS);
    assertEquals(10, count(MetricNames.SHIP_ACKED_RECORDS));
    assertEquals(appendedBytes, count(MetricNames.SHIP_ACKED_BYTES));
    assertEquals(0, gauge(MetricNames.MIRROR_LAG_LSN));
  }

  @Test
  void lagInSecondsIsTheAgeOfTheOldestRecordNotDurableOnTheMirror() throws Exception {
    Log log = logWith(5);
    FakeMirror m = mirror();
    Shipper s = shipper(m);
    ShippedVolume v = s.add(VOLUME, () -> 1, log); // dates records 1..5 now
    s.start();
    clock.advance(Duration.ofSeconds(3));
    log.append(9, ByteBuffer.wrap(new byte[10]));
    v.kick(); // samples record 6 at +3 s
    clock.advance(Duration.ofSeconds(2));
    assertEquals(5.0, v.lagSeconds());
    assertEquals(5.0, gauge(MetricNames.MIRROR_LAG_SECONDS));
    assertNotNull(m.control.poll(10, TimeUnit.SECONDS)); // attached: the mirror can answer
    m.send(new ControlMessage.Durable(1, 5));
    v.durable(5).get(10, TimeUnit.SECONDS);
    assertEquals(2.0, v.lagSeconds());
    m.send(new ControlMessage.Durable(1, 6));
    v.durable(6).get(10, TimeUnit.SECONDS);
    assertEquals(0.0, v.lagSeconds());
  }

  @Test
  void catchUpIsReportedAsProgressUpToTheLogsEndAtAttach() throws Exception {
    Log log = logWith(20);
    FakeMirror m = new FakeMirror(a -> new ControlMessage.Attached(a.streamId(), 5));
    closing.add(m);
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    ShipperConfig c = ShipperConfig.of(m.address(), new UUID(1, 2));
    Shipper s =
        new Shipper(
            c.withOptions(c.options().withMetrics(new TransportMetrics(registry))),
            clock::nanos,
            lines::add);
    closing.add(s);
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    s.start();
    v.covered(20, 0).get(10, TimeUnit.SECONDS);
    assertEquals(1, lines.size(), lines::toString);
    assertTrue(
        lines.get(0).startsWith("done task=catch-up volume=" + VOLUME + " mirror="), lines.get(0));
    assertTrue(lines.get(0).contains(" done=15 total=15 unit=records"), lines.get(0));
  }

  @Test
  void noCatchUpIsReportedWhenTheMirrorHasTheWholeLog() throws Exception {
    Log log = logWith(3);
    FakeMirror m = new FakeMirror(a -> new ControlMessage.Attached(a.streamId(), 3));
    closing.add(m);
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    ShipperConfig c = ShipperConfig.of(m.address(), new UUID(1, 2));
    Shipper s =
        new Shipper(
            c.withOptions(c.options().withMetrics(new TransportMetrics(registry))),
            clock::nanos,
            lines::add);
    closing.add(s);
    s.add(VOLUME, () -> 1, log);
    s.start();
    assertTrue(s.awaitState(ReplicationState.CONNECTED, Duration.ofSeconds(10)));
    assertEquals(List.of(), lines);
  }

  @Test
  void mirrorStateGaugeIsOneForTheCurrentStateOnly() throws Exception {
    Log log = logWith(1);
    Shipper s = shipper(mirror());
    ShippedVolume v = s.add(VOLUME, () -> 1, log);
    s.start();
    assertTrue(s.awaitState(ReplicationState.CONNECTED, Duration.ofSeconds(10)));
    assertEquals(
        1, registry.get(MetricNames.MIRROR_STATE).tag("state", "connected").gauge().value());
    assertEquals(
        0, registry.get(MetricNames.MIRROR_STATE).tag("state", "degraded").gauge().value());
    assertNotNull(v);
  }

  @Test
  void closingTheShipperRemovesItsMeters() throws Exception {
    Log log = logWith(1);
    Shipper s = shipper(mirror());
    s.add(VOLUME, () -> 1, log);
    s.close();
    assertNull(registry.find(MetricNames.SHIP_RECORDS).counter());
    assertNull(registry.find(MetricNames.MIRROR_STATE).gauge());
    assertNull(registry.find(MetricNames.MIRROR_LAG_SECONDS).gauge());
  }
}
