package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Appenders, readers and a tail-following scanner on one log at once, across many rolls. */
@Timeout(60)
class ConcurrentAccessTest {
  private static final LogConfig CONFIG = new LogConfig(16 << 10, 4 << 10);
  private static final int WRITERS = 4;
  private static final int PER_WRITER = 150;

  @TempDir Path dir;

  @Test
  void readersAndAFollowingScannerSeeExactlyWhatWasAppended() throws Exception {
    int total = WRITERS * PER_WRITER;
    Map<Long, byte[]> appended = new ConcurrentHashMap<>();
    List<Appended> published = new CopyOnWriteArrayList<>();
    Map<Long, byte[]> scanned = new ConcurrentHashMap<>();
    AtomicBoolean writersDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    try (Log log = SegmentedLog.open(dir, CONFIG, LogFixture.NO_SYNC)) {
      Future<?> scanner =
          pool.submit(
              () -> {
                long expected = 1;
                try (LogScanner s = log.scan(1)) {
                  while (expected <= total) {
                    if (s.hasNext()) {
                      LogRecord r = s.next();
                      assertEquals(expected++, r.lsn());
                      scanned.put(r.lsn(), bytes(r.payload()));
                    } else {
                      Thread.yield();
                    }
                  }
                }
                return null;
              });
      Future<?> reader =
          pool.submit(
              () -> {
                Random random = new Random(99);
                int verified = 0;
                while (!writersDone.get() || verified < 200) {
                  int n = published.size();
                  if (n == 0) {
                    Thread.yield();
                    continue;
                  }
                  Appended a = published.get(random.nextInt(n));
                  assertArrayEquals(appended.get(a.lsn()), bytes(log.read(a.address()).payload()));
                  verified++;
                }
                return null;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Random random = new Random(w);
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_WRITER; i++) {
                    byte[] p = LogFixture.payload(random, random.nextInt(CONFIG.maxPayloadBytes()));
                    Appended a = log.append(3, ByteBuffer.wrap(p));
                    appended.put(a.lsn(), p);
                    published.add(a);
                  }
                  return null;
                }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      writersDone.set(true);
      reader.get();
      scanner.get();
      assertTrue(log.segments().size() > 10, "the run crossed many segment rolls");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(total, scanned.size());
    for (long lsn = 1; lsn <= total; lsn++) {
      assertArrayEquals(appended.get(lsn), scanned.get(lsn), "lsn " + lsn);
    }
  }
}
