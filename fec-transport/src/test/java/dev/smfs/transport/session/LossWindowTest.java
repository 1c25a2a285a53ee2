package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossWindowTest {
  private final LossWindow w = new LossWindow();

  @Test
  void unknownBeforeEnoughPackets() {
    w.delivered(LossWindow.MIN_PACKETS - 1);
    w.lost(3);
    assertTrue(Double.isNaN(w.ratio()));
  }

  @Test
  void ratioIsLostOverDelivered() {
    w.delivered(1000);
    w.lost(10);
    assertEquals(0.01, w.ratio(), 1e-12);
  }

  @Test
  void oldLossAgesOutAfterTwoBuckets() {
    w.lost(50);
    w.delivered(LossWindow.HALF); // closes the bucket holding the loss
    assertEquals(50.0 / LossWindow.HALF, w.ratio(), 1e-12);
    w.delivered(LossWindow.HALF); // and the next one: the loss is gone
    assertEquals(0.0, w.ratio());
  }

  @Test
  void ratioNeverExceedsOne() {
    w.delivered(LossWindow.MIN_PACKETS);
    w.lost(3 * LossWindow.MIN_PACKETS);
    assertEquals(1.0, w.ratio());
  }
}
