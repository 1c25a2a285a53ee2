package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class WanConfigTest {
  @Test
  void parsesHostAndPort() {
    assertEquals(
        new InetSocketAddress("127.0.0.1", 9000), WanConfig.parseHostPort("127.0.0.1:9000"));
  }

  @Test
  void parsesBracketedIpv6() {
    assertEquals(new InetSocketAddress("::1", 9000), WanConfig.parseHostPort("[::1]:9000"));
  }

  @Test
  void rejectsMissingPort() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WanConfig.parseHostPort("127.0.0.1"));
    assertTrue(e.getMessage().contains("HOST:PORT"), e.getMessage());
  }

  @Test
  void rejectsPortOutOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WanConfig.parseHostPort("127.0.0.1:70000"));
    assertTrue(e.getMessage().contains("port=70000"), e.getMessage());
  }

  @Test
  void rejectsNonNumericPort() {
    assertThrows(IllegalArgumentException.class, () -> WanConfig.parseHostPort("localhost:http"));
  }

  @Test
  void rejectsForwardPortZero() {
    InetSocketAddress a = new InetSocketAddress("127.0.0.1", 0);
    assertThrows(
        IllegalArgumentException.class, () -> WanConfig.symmetric(a, a, WanProfile.PERFECT));
  }

  @Test
  void symmetricGivesTheDirectionsDifferentSeeds() {
    InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
    WanConfig c = WanConfig.symmetric(a, a, WanProfile.PERFECT.withSeed(5));
    assertEquals(5, c.upstream().seed());
    assertEquals(6, c.downstream().seed());
  }

  @Test
  void profileRejectsLossAboveOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WanProfile.PERFECT.withLoss(1.5));
    assertTrue(e.getMessage().contains("loss=1.5"), e.getMessage());
  }
}
