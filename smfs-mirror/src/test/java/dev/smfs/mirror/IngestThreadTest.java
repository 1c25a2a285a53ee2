package dev.smfs.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IngestThreadTest {

  /** Waits (without a timed sleep) until {@code t} parks, with or without a timeout, or ends. */
  private static void awaitParkedOrDone(Thread t, AtomicBoolean done) {
    while (!done.get()) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING
          || s == Thread.State.TIMED_WAITING
          || s == Thread.State.TERMINATED) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void runsTheWorkInSubmissionOrder() throws Exception {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch last = new CountDownLatch(1);
    try (IngestThread ingest = new IngestThread("test-ingest", 1 << 20)) {
      for (int i = 0; i < 1000; i++) {
        int n = i;
        assertTrue(ingest.submit(100, () -> ran.add(n)));
      }
      ingest.submit(0, last::countDown);
      last.await();
      assertEquals(0, ingest.queuedBytes());
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, ran.get(i));
    }
  }

  @Test
  void aSubmitOverTheBudgetWaitsUntilTheThreadCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(1);
    try (IngestThread ingest = new IngestThread("test-ingest", 16)) {
      ingest.submit(
          10,
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertEquals(10, ingest.queuedBytes());
      AtomicBoolean submitted = new AtomicBoolean();
      Thread submitter =
          new Thread(
              () -> {
                ingest.submit(10, ran::countDown);
                submitted.set(true);
              });
      submitter.start();
      awaitParkedOrDone(submitter, submitted);
      assertFalse(submitted.get(), "10 + 10 bytes queued against a budget of 16");
      release.countDown();
      submitter.join();
      ran.await();
      assertTrue(submitted.get());
      assertTrue(ingest.blockedNanos() > 0);
    }
  }

  @Test
  void workLargerThanTheBudgetGoesThroughAnEmptyQueue() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    try (IngestThread ingest = new IngestThread("test-ingest", 16)) {
      assertTrue(ingest.submit(1000, ran::countDown));
      ran.await();
      assertEquals(0, ingest.blockedNanos());
    }
  }

  @Test
  void closeFinishesTheQueuedWorkAndRefusesMore() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    IngestThread ingest = new IngestThread("test-ingest", 1 << 20);
    ingest.submit(
        1,
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    for (int i = 0; i < 10; i++) {
      int n = i;
      ingest.submit(1, () -> ran.add(n));
    }
    Thread closer = new Thread(ingest::close);
    closer.start();
    AtomicBoolean never = new AtomicBoolean();
    awaitParkedOrDone(closer, never); // close waits for the thread, which waits for release
    release.countDown();
    closer.join();
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
    AtomicBoolean discarded = new AtomicBoolean();
    assertFalse(ingest.submit(1, () -> ran.add(99), () -> discarded.set(true)));
    assertEquals(10, ran.size());
    assertTrue(discarded.get(), "work refused after close releases what it holds");
    ingest.close(); // idempotent
  }

  @Test
  void aFailingTaskDoesNotStopTheThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    try (IngestThread ingest = new IngestThread("test-ingest", 1 << 20)) {
      ingest.submit(
          5,
          () -> {
            throw new IllegalStateException("boom (expected by the test)");
          });
      ingest.submit(0, ran::countDown); // 0 bytes: the failed task's 5 were given back before
      ran.await();
      assertEquals(0, ingest.queuedBytes());
    }
  }

  @Test
  void theBudgetMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new IngestThread("x", 0));
  }
}
