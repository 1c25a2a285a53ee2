package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShipperConfigTest {
  private static final UUID NODE = new UUID(1, 1);

  @Test
  void flagsDefaultToTheSessionDefaults() {
    ShipperConfig c = ShipperConfig.fromFlags("127.0.0.1:7000", null, null, null, NODE);
    assertEquals(7000, c.mirror().getPort());
    assertEquals(8, c.session().fec().r());
    assertArrayEquals(new int[] {1, 10, 100}, c.session().fec().interleaves());
  }

  @Test
  void fecWithoutInterleaveGetsOnePerLayer() {
    ShipperConfig c = ShipperConfig.fromFlags("127.0.0.1:7000", "6,2", null, 50, NODE);
    assertEquals(6, c.session().fec().r());
    assertArrayEquals(new int[] {1, 10}, c.session().fec().interleaves());
    assertEquals(50_000_000L, c.session().rateBitsPerSecond());
  }

  @Test
  void deepInterleavesGrowTheWindowToTheWidestGroup() {
    ShipperConfig c = ShipperConfig.fromFlags("127.0.0.1:7000", "8,5", null, null, NODE);
    assertArrayEquals(new int[] {1, 10, 100, 1000, 4096}, c.session().fec().interleaves());
    assertEquals(8 * 4096, c.session().windowPackets()); // above the default 16384
  }

  @Test
  void theDefaultWindowIsKeptWhenItSpansTheGroups() {
    ShipperConfig c = ShipperConfig.fromFlags("127.0.0.1:7000", "8,3", null, null, NODE);
    assertEquals(
        dev.smfs.transport.session.SessionConfig.defaults().windowPackets(),
        c.session().windowPackets());
  }

  @Test
  void explicitInterleavesAreKept() {
    ShipperConfig c = ShipperConfig.fromFlags("127.0.0.1:7000", "8,3", "1,5,20", null, NODE);
    assertArrayEquals(new int[] {1, 5, 20}, c.session().fec().interleaves());
  }

  @Test
  void badFlagsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ShipperConfig.fromFlags("127.0.0.1:7000", "8,x", null, null, NODE));
    assertThrows(
        IllegalArgumentException.class,
        () -> ShipperConfig.fromFlags("nohostport", null, null, null, NODE));
    assertThrows(
        IllegalArgumentException.class,
        () -> ShipperConfig.fromFlags("127.0.0.1:7000", "8,3", "1,10", null, NODE));
  }
}
