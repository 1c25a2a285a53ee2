package dev.smfs.transport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadPatternTest {
  private final PayloadPattern pattern = new PayloadPattern(1400, 42);

  private ByteBuffer payload(long sequence) {
    ByteBuffer b = ByteBuffer.allocate(1400);
    pattern.write(b, sequence, 123_456_789L);
    return b.flip();
  }

  @Test
  void writtenPayloadVerifiesAndCarriesItsHeader() {
    ByteBuffer b = payload(77);
    assertTrue(pattern.verify(b));
    assertEquals(77, PayloadPattern.sequence(b));
    assertEquals(123_456_789L, PayloadPattern.sendNanos(b));
    assertEquals(0, b.position());
  }

  @Test
  void everySingleFlippedByteIsCaught() {
    ByteBuffer b = payload(5);
    for (int i = PayloadPattern.PATTERN_OFFSET; i < 1400; i++) {
      b.put(i, (byte) (b.get(i) ^ 0x01));
      assertFalse(pattern.verify(b), "flip at " + i);
      b.put(i, (byte) (b.get(i) ^ 0x01));
    }
    assertTrue(pattern.verify(b));
  }

  @Test
  void payloadUnderAnotherSequenceNumberFails() {
    ByteBuffer b = payload(5);
    b.putLong(PayloadPattern.SEQUENCE_OFFSET, 6);
    assertFalse(pattern.verify(b));
  }

  @Test
  void truncatedPayloadFails() {
    ByteBuffer b = payload(5);
    b.limit(1399);
    assertFalse(pattern.verify(b));
  }

  @Test
  void differentSeedsGiveDifferentBytes() {
    ByteBuffer other = ByteBuffer.allocate(1400);
    new PayloadPattern(1400, 43).write(other, 5, 123_456_789L);
    assertFalse(pattern.verify(other.flip()));
  }

  @Test
  void verifiesAtANonZeroPosition() {
    ByteBuffer b = ByteBuffer.allocate(1500);
    b.position(100);
    pattern.write(b, 9, 1);
    b.limit(1500).position(100);
    assertTrue(pattern.verify(b));
    assertEquals(9, PayloadPattern.sequence(b));
  }

  @Test
  void sizeBelowHeaderIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PayloadPattern(15, 1));
  }
}
