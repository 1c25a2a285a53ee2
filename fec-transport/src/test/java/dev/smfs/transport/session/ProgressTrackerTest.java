package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.RepairRecipe;
import dev.smfs.transport.session.SendProgress.Stage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  /** Runs registrations inline: the test thread plays the event loop. */
  private final ProgressTracker progress = new ProgressTracker(Runnable::run, 64, 3, 0);

  private void submit(int n) {
    for (int i = 0; i < n; i++) {
      progress.onSubmitted(i);
    }
  }

  @Test
  void watermarksStartBelowTheInitialSeq() {
    assertEquals(-1, progress.wire());
    assertEquals(-1, progress.covered(1));
    assertEquals(-1, progress.acked());
  }

  @Test
  void wireAdvancesOnlyOverContiguousWiredPackets() {
    submit(4);
    progress.onWired(0);
    progress.onWired(2);
    assertEquals(0, progress.wire());
    progress.onWired(1);
    assertEquals(2, progress.wire());
  }

  @Test
  void coveredNeedsKRepairsPerPacketAndTheWire() {
    submit(2);
    progress.onRepairWired(new RepairRecipe(0, 0, 1, 2));
    assertEquals(-1, progress.covered(1), "not on the wire yet");
    progress.onWired(0);
    progress.onWired(1);
    assertEquals(1, progress.covered(1));
    assertEquals(-1, progress.covered(2));
    progress.onRepairWired(new RepairRecipe(1, 0, 1, 1));
    assertEquals(0, progress.covered(2));
    progress.onRepairWired(new RepairRecipe(2, 0, 1, 1));
    assertEquals(0, progress.covered(3));
  }

  @Test
  void ackRaisesEveryWatermark() {
    submit(5);
    progress.onAcked(3);
    assertEquals(2, progress.acked());
    assertEquals(2, progress.wire());
    assertEquals(2, progress.covered(3));
  }

  @Test
  void ackBeyondWhatWasSubmittedIsClipped() {
    submit(2);
    progress.onAcked(100);
    assertEquals(1, progress.acked());
  }

  @Test
  void awaitCompletesExactlyWhenTheWatermarkReachesTheSeq() {
    submit(3);
    CompletableFuture<Void> first = progress.await(Stage.WIRE, 0, 0);
    CompletableFuture<Void> third = progress.await(Stage.WIRE, 0, 2);
    assertFalse(first.isDone());
    progress.onWired(0);
    assertTrue(first.isDone());
    assertFalse(third.isDone());
    progress.onWired(1);
    progress.onWired(2);
    assertTrue(third.isDone());
  }

  @Test
  void awaitOnAReachedWatermarkIsAlreadyComplete() {
    submit(1);
    progress.onWired(0);
    assertTrue(progress.await(Stage.WIRE, 0, 0).isDone());
  }

  @Test
  void coveredWaiterWakesOnTheKthRepair() {
    submit(1);
    progress.onWired(0);
    CompletableFuture<Void> twice = progress.await(Stage.COVERED, 2, 0);
    progress.onRepairWired(new RepairRecipe(0, 0, 1, 1));
    assertFalse(twice.isDone());
    progress.onRepairWired(new RepairRecipe(1, 0, 1, 1));
    assertTrue(twice.isDone());
  }

  @Test
  void failCompletesWaitersExceptionallyAndLaterAwaitsToo() {
    submit(1);
    CompletableFuture<Void> acked = progress.await(Stage.ACKED, 0, 0);
    progress.fail(new SessionClosedException("test"));
    assertThrows(ExecutionException.class, acked::get);
    assertThrows(ExecutionException.class, () -> progress.await(Stage.ACKED, 0, 0).get());
  }

  @Test
  void kOutsideOneToCIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> progress.covered(0));
    assertThrows(IllegalArgumentException.class, () -> progress.await(Stage.COVERED, 4, 0));
  }

  @Test
  void repairsForAcknowledgedPacketsDoNotLeakIntoReusedSlots() {
    ProgressTracker small = new ProgressTracker(Runnable::run, 4, 1, 0);
    for (int i = 0; i < 4; i++) {
      small.onSubmitted(i);
    }
    small.onAcked(4);
    small.onSubmitted(4); // reuses slot of seq 0
    small.onRepairWired(new RepairRecipe(0, 0, 1, 1)); // late repair for acked seq 0
    small.onWired(4);
    assertEquals(4, small.wire());
    assertEquals(3, small.covered(1));
  }

  @Test
  void markedPacketsAndRepairsMoveTheWatermarksOnlyOnAdvance() {
    submit(2);
    progress.markWired(0);
    progress.markWired(1);
    progress.markRepairWired(new RepairRecipe(0, 0, 1, 2));
    assertEquals(-1, progress.wire());
    assertEquals(-1, progress.covered(1));
    progress.advance();
    assertEquals(1, progress.wire());
    assertEquals(1, progress.covered(1));
  }
}
