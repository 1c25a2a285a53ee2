package dev.smfs.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class CipherWarmUpTest {
  private static final PooledByteBufAllocator ALLOC = new PooledByteBufAllocator(true);

  @Test
  void runsTheAskedRoundsOfSealAndOpen() {
    assertEquals(50, CipherWarmUp.run(ALLOC, 1400, 50, Long.MAX_VALUE));
  }

  @Test
  void stopsAtItsTimeLimit() {
    assertEquals(0, CipherWarmUp.run(ALLOC, 1400, 1_000_000, -1));
  }

  @Test
  void insecureSecurityHasNothingToWarmUp() {
    assertEquals(0, TransportSecurity.insecure().warmUp(1400, Long.MAX_VALUE));
  }
}
