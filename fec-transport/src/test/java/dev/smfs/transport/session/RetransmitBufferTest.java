package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RetransmitBufferTest {
  private final RetransmitBuffer buffer = new RetransmitBuffer(4, 10);

  @Test
  void heldPacketsAreReleasedByCumulativeAck() {
    ByteBuf a = Unpooled.buffer(1);
    ByteBuf b = Unpooled.buffer(1);
    buffer.put(10, a);
    buffer.put(11, b);
    assertEquals(1, buffer.releaseBelow(11));
    assertEquals(0, a.refCnt());
    assertEquals(1, b.refCnt());
    assertNull(buffer.get(10));
    assertEquals(b, buffer.get(11));
    assertEquals(1, buffer.releaseAll());
  }

  @Test
  void ackBeyondWhatWasPutReleasesOnlyWhatIsHeld() {
    buffer.put(10, Unpooled.buffer(1));
    assertEquals(1, buffer.releaseBelow(1000));
    assertEquals(11, buffer.base());
  }

  @Test
  void putOutOfOrderOrOverCapacityIsRefusedAndReleased() {
    ByteBuf gap = Unpooled.buffer(1);
    assertThrows(IllegalStateException.class, () -> buffer.put(11, gap));
    assertEquals(0, gap.refCnt());
    for (int i = 10; i < 14; i++) {
      buffer.put(i, Unpooled.buffer(1));
    }
    ByteBuf over = Unpooled.buffer(1);
    assertThrows(IllegalStateException.class, () -> buffer.put(14, over));
    assertEquals(0, over.refCnt());
    buffer.releaseAll();
  }

  @Test
  void retransmissionIsClaimedOnceAndNotTooSoonAfterASend() {
    buffer.put(10, Unpooled.buffer(1));
    buffer.markSent(10, 1000);
    assertFalse(buffer.claimRetransmit(10, 1050, 100), "sent 50 ns ago");
    assertTrue(buffer.claimRetransmit(10, 1100, 100));
    assertFalse(buffer.claimRetransmit(10, 1100, 100), "already queued");
    buffer.markSent(10, 1200);
    assertTrue(buffer.claimRetransmit(10, 1300, 100));
    assertFalse(buffer.claimRetransmit(9, 1300, 100), "acknowledged");
    buffer.releaseAll();
  }

  @Test
  void onlyAPacketSentOnceGivesARoundTripSample() {
    buffer.put(10, Unpooled.buffer(1));
    buffer.put(11, Unpooled.buffer(1));
    assertEquals(-1, buffer.rttSample(10, 500), "not sent yet");
    buffer.markSent(10, 100);
    buffer.markSent(11, 100);
    buffer.markSent(11, 300); // retransmitted: an ACK may answer either copy (Karn)
    assertEquals(400, buffer.rttSample(10, 500));
    assertEquals(-1, buffer.rttSample(11, 500));
    assertEquals(-1, buffer.rttSample(9, 500), "not held");
    buffer.releaseAll();
    for (long seq = 12; seq <= 15; seq++) {
      buffer.put(seq, Unpooled.buffer(1));
    }
    buffer.markSent(15, 600); // the slot seq 11 (retransmitted) had
    assertEquals(50, buffer.rttSample(15, 650), "a reused slot starts clean");
    buffer.releaseAll();
  }
}
