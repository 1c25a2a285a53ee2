package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendWindowTest {
  private final SendWindow window = new SendWindow(2);

  @Test
  void tryAcquireStopsAtCapacity() {
    assertTrue(window.tryAcquire());
    assertTrue(window.tryAcquire());
    assertFalse(window.tryAcquire());
    assertEquals(2, window.inFlight());
  }

  @Test
  void acquireOnAFullWindowTimesOut() throws Exception {
    window.tryAcquire();
    window.tryAcquire();
    assertFalse(window.acquire(0, TimeUnit.MILLISECONDS));
  }

  @Test
  void releaseWakesABlockedSender() throws Exception {
    window.tryAcquire();
    window.tryAcquire();
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return window.acquire(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    window.release(1);
    assertTrue(blocked.get(60, TimeUnit.SECONDS));
    assertEquals(2, window.inFlight());
  }

  @Test
  void closeFailsBlockedAndLaterSenders() throws Exception {
    window.tryAcquire();
    window.tryAcquire();
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return window.acquire(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    window.close("DEAD");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> blocked.get(60, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof SessionClosedException);
    assertThrows(SessionClosedException.class, window::tryAcquire);
  }

  @Test
  void interruptedSenderGetsInterruptedException() {
    window.tryAcquire();
    window.tryAcquire();
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> window.acquire(60, TimeUnit.SECONDS));
    assertFalse(Thread.interrupted());
  }

  @Test
  void releasingMoreThanInFlightIsABug() {
    window.tryAcquire();
    assertThrows(IllegalStateException.class, () -> window.release(2));
  }
}
