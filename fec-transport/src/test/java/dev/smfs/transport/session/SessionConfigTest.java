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
    assertEquals(4096, c.windowPackets());
    assertEquals(FecParams.defaults(), c.fec());
  }

  @Test
  void windowSmallerThanTheWidestFecGroupIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> SessionConfig.defaults().withWindowPackets(799));
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
