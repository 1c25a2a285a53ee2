package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private final ReplayGuard guard = new ReplayGuard();

  @Test
  void sendersAreTrackedSeparately() {
    SealedFrameCodec.Header a = new SealedFrameCodec.Header(1, 0xaaaa, 50);
    SealedFrameCodec.Header b = new SealedFrameCodec.Header(1, 0xbbbb, 50);
    guard.mark(a);
    assertFalse(guard.isFresh(a));
    assertTrue(guard.isFresh(b));
  }

  @Test
  void sameNonceUnderAnotherKeyIdIsAnotherSender() {
    guard.mark(new SealedFrameCodec.Header(1, 5, 50));
    assertTrue(guard.isFresh(new SealedFrameCodec.Header(2, 5, 50)));
  }

  @Test
  void negativePrefixDoesNotCollideWithKeyId() {
    guard.mark(new SealedFrameCodec.Header(0, -1, 50));
    assertTrue(guard.isFresh(new SealedFrameCodec.Header(1, -1, 50)));
    assertFalse(guard.isFresh(new SealedFrameCodec.Header(0, -1, 50)));
  }
}
