package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.transport.fec.FecParams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
  @Test
  void defaultsAreValidAndDocumented() {
    SessionConfig c = SessionConfig.defaults();
    assertEquals(1400, c.maxPacketBytes());
    assertEquals(16384, c.windowPackets());
    assertEquals(SessionConfig.DEFAULT_WINDOW_PACKETS, c.windowPackets());
    assertEquals(FecParams.defaults(), c.fec());
  }

  @Test
  void windowSmallerThanTheWidestFecGroupIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> SessionConfig.defaults().withWindowPackets(799));
  }

  @Test
  void aDeepInterleaveGrowsTheWindowToItsWidestGroupAndNoFurther() {
    FecParams deep = new FecParams(8, 3, new int[] {1, 10, 2500});
    assertEquals(20000, SessionConfig.defaults().withFecGrowingWindow(deep).windowPackets());
    assertEquals(deep, SessionConfig.defaults().withFecGrowingWindow(deep).fec());
    assertEquals(
        30000,
        SessionConfig.defaults()
            .withWindowPackets(30000)
            .withFecGrowingWindow(deep)
            .windowPackets());
    assertEquals(
        16384, SessionConfig.defaults().withFecGrowingWindow(FecParams.defaults()).windowPackets());
    assertEquals(
        8000,
        SessionConfig.defaults()
            .withWindowPackets(4096)
            .withFecGrowingWindow(new FecParams(8, 3, new int[] {1, 10, 1000}))
            .windowPackets());
    // The deepest legal FEC (largest r and interleave) still fits under the largest window.
    FecParams deepest = new FecParams(FecParams.MAX_R, 1, new int[] {FecParams.MAX_INTERLEAVE});
    assertEquals(
        FecParams.MAX_R * FecParams.MAX_INTERLEAVE,
        SessionConfig.defaults().withFecGrowingWindow(deepest).windowPackets());
  }

  @Test
  void packetSizeBelowTheIpv4MinimumIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> SessionConfig.defaults().withMaxPacketBytes(575));
  }

  @Test
  void deadTimeoutShorterThanTwoHeartbeatsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SessionConfig.defaults().withLiveness(Duration.ofSeconds(1), Duration.ofMillis(1500)));
  }

  @Test
  void negativeRateIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> SessionConfig.defaults().withRateBitsPerSecond(-1));
  }
}
