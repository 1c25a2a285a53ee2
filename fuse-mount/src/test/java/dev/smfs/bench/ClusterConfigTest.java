package dev.smfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.transport.wan.WanProfile;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
  private static ClusterConfig at(Integer rateMbit, double delayMs) {
    return new ClusterConfig(
        SafetyLevel.NETWORK_SYNC, delayMs, 0.01, null, null, rateMbit, 1, null);
  }

  @Test
  void theLinkQueueHoldsWhatAFastLinkKeepsInFlightOverTheDelay() {
    // 2000 Mbit/s of 1400-byte datagrams over 50 ms: 8929 in flight, charged 2048 bytes each
    long limit = at(2000, 50).linkQueueLimitBytes();
    assertTrue(limit >= 8929L * 2048, "limit=" + limit);
    assertTrue(limit > WanProfile.DEFAULT_QUEUE_LIMIT_BYTES);
  }

  @Test
  void shortLinksKeepTheEmulatorDefault() {
    assertEquals(WanProfile.DEFAULT_QUEUE_LIMIT_BYTES, at(2000, 5).linkQueueLimitBytes());
  }
}
