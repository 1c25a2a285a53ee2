package dev.smfs.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smfs.server.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log itself writing into ENOSPC on a 4 MiB tmpfs, with the free-space reserve disabled so the
 * write system call really fails part-way: the partial record is cut off, the log stays usable, and
 * what was appended before reads back after reopening. Needs permission to mount.
 */
class SegmentedLogFullDiskIT {
  static final int PAYLOAD = 100_000;
  static final LogConfig CONFIG = new LogConfig(1L << 20, 200_000);
  static final long NO_RESERVE = -(1L << 40);

  @TempDir Path tmp;
  private SmallTmpfs tmpfs;
  private Path mnt;
  private SegmentedLog log;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    tmpfs = SmallTmpfs.mount(tmp, "4m");
    mnt = tmpfs.path();
  }

  @AfterEach
  void unmount() throws Exception {
    try {
      if (log != null) {
        log.close();
      }
    } finally {
      if (tmpfs != null) {
        tmpfs.close();
      }
    }
  }

  private SegmentedLog open() throws IOException {
    return SegmentedLog.open(
        Files.createDirectories(mnt.resolve("log")),
        CONFIG,
        LogFixture.NO_SYNC,
        LogMetrics.noop(),
        NO_RESERVE);
  }

  private static ByteBuffer payload(long lsn) {
    byte[] b = new byte[PAYLOAD];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (lsn * 13 + i);
    }
    return ByteBuffer.wrap(b);
  }

  private LogFullException appendUntilFull() throws IOException {
    for (int i = 0; i < 1000; i++) {
      try {
        Appended a = log.append(7, payload(log.lastLsn() + 1));
        assertEquals(log.lastLsn(), a.lsn());
      } catch (LogFullException e) {
        return e;
      }
    }
    return fail("the disk never filled up");
  }

  private void verifyAll(Log l, long lastLsn) throws IOException {
    long expected = l.firstLsn();
    try (LogScanner s = l.scan(l.firstLsn())) {
      while (s.hasNext()) {
        LogRecord r = s.next();
        assertEquals(expected, r.lsn());
        assertEquals(payload(r.lsn()), r.payload(), "lsn=" + r.lsn());
        expected++;
      }
    }
    assertEquals(lastLsn + 1, expected);
  }

  @Test
  @Timeout(60)
  void partialRecordIsCutOffAndTheLogStaysUsable() throws Exception {
    log = open();
    LogFullException full = appendUntilFull();
    assertTrue(
        full.getCause() != null && full.getCause().getMessage().contains("No space left"),
        "the write itself hit ENOSPC: " + full.getCause());
    long last = log.lastLsn();
    SegmentInfo head = log.segments().get(log.segments().size() - 1);
    assertEquals(head.sizeBytes(), Files.size(mnt.resolve("log").resolve(fileNameOf(head.id()))));
    // still refused, still not failed
    assertThrows(LogFullException.class, () -> log.append(7, payload(last + 1)));
    assertEquals(last, log.lastLsn());
    verifyAll(log, last);
  }

  @Test
  @Timeout(60)
  void appendsSucceedAgainOnceSpaceIsFreedAndAllSurvivesReopen() throws Exception {
    Files.write(mnt.resolve("ballast"), new byte[1 << 20]);
    log = open();
    appendUntilFull();
    Files.delete(mnt.resolve("ballast"));
    long before = log.lastLsn();
    log.append(7, payload(before + 1));
    log.append(7, payload(before + 2));
    long last = log.lastLsn();
    assertEquals(before + 2, last);
    log.close();
    log = open();
    assertFalse(log.recovery().truncated(), "recovery=" + log.recovery());
    assertEquals(last, log.lastLsn());
    verifyAll(log, last);
  }

  private static String fileNameOf(long id) {
    return Segment.fileName(id);
  }
}
