package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GroupCommitTest {
  private static final LogConfig CONFIG = new LogConfig(1 << 20, 64 << 10);

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Counts real fdatasyncs; optionally holds the first one until a latch opens. */
  static final class GatedSyncer implements Syncer {
    final AtomicInteger syncs = new AtomicInteger();
    final CountDownLatch firstEntered = new CountDownLatch(1);
    private final AtomicBoolean gateUsed = new AtomicBoolean();
    volatile CountDownLatch gate;

    @Override
    public void force(FileChannel channel) throws IOException {
      syncs.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null && gateUsed.compareAndSet(false, true)) {
        firstEntered.countDown();
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("gate");
        }
      }
      channel.force(false);
    }
  }

  @Test
  void waitersBlockedBehindOneSyncShareTheNext() throws Exception {
    int threads = 8;
    GatedSyncer syncer = new GatedSyncer();
    try (Log log = SegmentedLog.open(dir, CONFIG, syncer)) {
      CountDownLatch allAppended = new CountDownLatch(threads);
      syncer.gate = allAppended;
      int before = syncer.syncs.get();
      List<Future<Long>> acks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] p = {(byte) t};
        acks.add(
            pool.submit(
                () -> {
                  Appended a = log.append(1, ByteBuffer.wrap(p));
                  allAppended.countDown();
                  log.awaitDurable(a.lsn());
                  return a.lsn();
                }));
      }
      for (Future<Long> f : acks) {
        assertTrue(f.get() <= log.durableLsn());
      }
      int syncs = syncer.syncs.get() - before;
      assertTrue(syncs < threads, "syncs=" + syncs + " awaits=" + threads);
      assertTrue(syncs <= 2, "one gated sync plus one for everybody else: syncs=" + syncs);
      assertEquals(threads, log.durableLsn());
    }
  }

  @Test
  void everyAcknowledgedRecordOfManyWritersIsPresentAfterReopen() throws Exception {
    int threads = 8;
    int perThread = 40;
    Map<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
    List<Long> durableSeen = new ArrayList<>();
    try (Log log = SegmentedLog.open(dir, CONFIG, Syncer.FDATASYNC)) {
      log.setDurabilityListener(durableSeen::add); // called by one leader at a time
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(t);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    byte[] p = LogFixture.payload(random, 1 + random.nextInt(3000));
                    Appended a = log.append(t(i), ByteBuffer.wrap(p));
                    log.awaitDurable(a.lsn());
                    assertTrue(log.durableLsn() >= a.lsn());
                    acknowledged.put(a.lsn(), p);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    for (int i = 1; i < durableSeen.size(); i++) {
      assertTrue(durableSeen.get(i) > durableSeen.get(i - 1), "listener LSNs increase");
    }
    assertEquals(threads * perThread, acknowledged.size());
    try (Log log = SegmentedLog.open(dir, CONFIG, LogFixture.NO_SYNC)) {
      List<LogRecord> all = LogFixture.scanAll(log, 1);
      assertEquals(threads * perThread, all.size());
      for (LogRecord r : all) {
        assertArrayEquals(acknowledged.get(r.lsn()), bytes(r.payload()), "lsn " + r.lsn());
      }
    }
  }

  private static int t(int i) {
    return i % 5;
  }

  @Test
  void interruptedFollowerGivesUpWithFlagSetAndLogStaysUsable() throws Exception {
    GatedSyncer syncer = new GatedSyncer();
    try (Log log = SegmentedLog.open(dir, CONFIG, syncer)) {
      CountDownLatch release = new CountDownLatch(1);
      syncer.gate = release;
      long lsn = log.append(1, ByteBuffer.allocate(10)).lsn();
      Future<?> leader =
          pool.submit(
              () -> {
                log.awaitDurable(lsn);
                return null;
              });
      syncer.firstEntered.await();
      Thread.currentThread().interrupt();
      try {
        assertThrows(InterruptedIOException.class, () -> log.awaitDurable(lsn));
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
      release.countDown();
      leader.get();
      assertEquals(lsn, log.durableLsn());
    }
  }

  @Test
  void interruptedLeaderDoesNotBreakTheLog() throws Exception {
    try (Log log = SegmentedLog.open(dir, CONFIG, Syncer.FDATASYNC)) {
      long lsn = log.append(1, ByteBuffer.allocate(10)).lsn();
      Thread.currentThread().interrupt();
      try {
        // The JDK closes a FileChannel used by an interrupted thread; the log must survive it.
        assertThrows(InterruptedIOException.class, () -> log.awaitDurable(lsn));
      } finally {
        Thread.interrupted();
      }
      assertEquals(0, log.durableLsn());
      log.awaitDurable(lsn);
      assertEquals(lsn, log.durableLsn());
      long next = log.append(1, ByteBuffer.allocate(10)).lsn();
      log.awaitDurable(next);
      assertEquals(next, log.durableLsn());
    }
  }

  @Test
  void interruptedAppendLeavesNoRecordAndAppendsContinue() throws Exception {
    try (Log log = SegmentedLog.open(dir, CONFIG, Syncer.FDATASYNC)) {
      log.append(1, ByteBuffer.wrap(new byte[] {1}));
      Thread.currentThread().interrupt();
      try {
        assertThrows(
            InterruptedIOException.class, () -> log.append(1, ByteBuffer.wrap(new byte[] {2})));
      } finally {
        Thread.interrupted();
      }
      assertEquals(1, log.lastLsn());
      Appended a = log.append(1, ByteBuffer.wrap(new byte[] {3}));
      assertEquals(2, a.lsn());
      log.awaitDurable(2);
      assertArrayEquals(new byte[] {3}, bytes(log.read(a.address()).payload()));
    }
    try (Log log = SegmentedLog.open(dir, CONFIG, LogFixture.NO_SYNC)) {
      assertEquals(2, log.lastLsn());
      assertEquals(2, LogFixture.scanAll(log, 1).size());
    }
  }

  @Test
  void interruptDuringARollStillRollsAndUndoesOnlyTheWrite() throws Exception {
    LogConfig small = new LogConfig(SegmentFormat.FILE_HEADER_BYTES + 2 * 120, 128);
    try (Log log = SegmentedLog.open(dir, small, Syncer.FDATASYNC)) {
      log.append(1, ByteBuffer.allocate(100));
      log.append(1, ByteBuffer.allocate(100));
      Thread.currentThread().interrupt();
      try {
        assertThrows(InterruptedIOException.class, () -> log.append(1, ByteBuffer.allocate(100)));
      } finally {
        Thread.interrupted();
      }
      assertEquals(2, log.segments().size());
      Appended a = log.append(1, ByteBuffer.allocate(100));
      assertEquals(new LogAddress(2, SegmentFormat.FILE_HEADER_BYTES), a.address());
      assertEquals(3, a.lsn());
      log.awaitDurable(3);
    }
  }

  @Test
  void interruptedReadThrowsAndLaterReadsWork() throws Exception {
    try (Log log = SegmentedLog.open(dir, CONFIG, LogFixture.NO_SYNC)) {
      Appended a = log.append(1, ByteBuffer.wrap(new byte[] {7}));
      Thread.currentThread().interrupt();
      try {
        assertThrows(InterruptedIOException.class, () -> log.read(a.address()));
      } finally {
        Thread.interrupted();
      }
      assertArrayEquals(new byte[] {7}, bytes(log.read(a.address()).payload()));
    }
  }

  @Test
  void failedSyncFailsEveryLaterWait() throws Exception {
    AtomicBoolean fail = new AtomicBoolean();
    Syncer syncer =
        ch -> {
          if (fail.get()) {
            throw new IOException("disk gone");
          }
        };
    try (Log log = SegmentedLog.open(dir, CONFIG, syncer)) {
      long lsn = log.append(1, ByteBuffer.allocate(1)).lsn();
      fail.set(true);
      assertThrows(IOException.class, () -> log.awaitDurable(lsn));
      fail.set(false);
      IOException again = assertThrows(IOException.class, () -> log.awaitDurable(lsn));
      assertTrue(again.getMessage().contains("earlier sync error"), again.getMessage());
      assertEquals(0, log.durableLsn());
    } catch (IOException closeFailure) {
      assertTrue(closeFailure.getMessage().contains("earlier sync error"));
    }
  }
}
