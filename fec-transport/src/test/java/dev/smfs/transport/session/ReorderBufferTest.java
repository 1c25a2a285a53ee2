package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  private final ReorderBuffer buffer = new ReorderBuffer(8, 100);
  private final List<Long> delivered = new ArrayList<>();

  private static ByteBuf symbol(long seq) {
    return Unpooled.buffer(8).writeLong(seq);
  }

  private int drain() {
    return buffer.drain(
        (seq, s) -> {
          assertEquals(seq, s.getLong(s.readerIndex()));
          delivered.add(seq);
        });
  }

  @Test
  void outOfOrderPacketsAreDeliveredInOrder() {
    buffer.offer(102, symbol(102));
    buffer.offer(101, symbol(101));
    assertEquals(0, drain());
    buffer.offer(100, symbol(100));
    assertEquals(3, drain());
    assertEquals(List.of(100L, 101L, 102L), delivered);
    assertEquals(103, buffer.next());
  }

  @Test
  void duplicatesAreRefusedAndReleased() {
    ByteBuf dup = symbol(101);
    buffer.offer(101, symbol(101));
    assertEquals(ReorderBuffer.Offer.DUPLICATE, buffer.offer(101, dup));
    assertEquals(0, dup.refCnt());
    buffer.offer(100, symbol(100));
    drain();
    ByteBuf old = symbol(100);
    assertEquals(ReorderBuffer.Offer.DUPLICATE, buffer.offer(100, old));
    assertEquals(0, old.refCnt());
  }

  @Test
  void packetsBeyondTheWindowAreRefused() {
    ByteBuf far = symbol(108);
    assertEquals(ReorderBuffer.Offer.BEYOND_WINDOW, buffer.offer(108, far));
    assertEquals(0, far.refCnt());
    assertEquals(ReorderBuffer.Offer.ACCEPTED, buffer.offer(107, symbol(107)));
    buffer.releaseAll();
  }

  @Test
  void receivedCoversDeliveredAndHeld() {
    buffer.offer(100, symbol(100));
    drain();
    buffer.offer(103, symbol(103));
    assertTrue(buffer.received(99));
    assertTrue(buffer.received(100));
    assertFalse(buffer.received(101));
    assertTrue(buffer.received(103));
    buffer.releaseAll();
  }

  @Test
  void shuffledDuplicatedStreamIsDeliveredExactlyOnceInOrder() {
    ReorderBuffer big = new ReorderBuffer(64, 0);
    Random random = new Random(7);
    List<Long> out = new ArrayList<>();
    long sent = 0;
    List<Long> inFlight = new ArrayList<>();
    while (out.size() < 1000) {
      while (sent < 1000 && inFlight.size() < 32 && sent < big.next() + 64) {
        inFlight.add(sent++);
      }
      long seq = inFlight.get(random.nextInt(inFlight.size()));
      if (random.nextInt(4) != 0) {
        inFlight.remove(seq);
      }
      big.offer(seq, symbol(seq));
      big.drain((s, b) -> out.add(s));
    }
    for (int i = 0; i < out.size(); i++) {
      assertEquals(i, out.get(i));
    }
    big.releaseAll();
  }
}
