package dev.smfs.server.log;

import static dev.smfs.server.log.LogFixture.NO_SYNC;
import static dev.smfs.server.log.LogFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log against a list of expected records over a long seeded sequence of appends, reopen, and
 * simulated crashes that cut the head segment at a random byte. Sealed segments were synced when
 * sealed, so a crash only ever loses a suffix of the head.
 */
class RandomCrashTest {
  private static final LogConfig CONFIG =
      new LogConfig(SegmentFormat.FILE_HEADER_BYTES + 2000, 600);

  @TempDir Path dir;

  private record Expected(long lsn, int type, byte[] payload, Appended at) {}

  @Test
  void everyPrefixThatSurvivesACrashReadsBackExactly() throws IOException {
    Random random = new Random(20261121);
    List<Expected> expected = new ArrayList<>();
    for (int round = 0; round < 60; round++) {
      try (Log log = SegmentedLog.open(dir, CONFIG, NO_SYNC)) {
        assertMatches(log, expected);
        int appends = random.nextInt(25);
        for (int i = 0; i < appends; i++) {
          byte[] p = LogFixture.payload(random, random.nextInt(CONFIG.maxPayloadBytes() + 1));
          int type = random.nextInt(1 << 16);
          Appended a = log.append(type, ByteBuffer.wrap(p));
          expected.add(new Expected(a.lsn(), type, p, a));
        }
      }
      if (random.nextBoolean()) {
        crash(random, expected);
      }
    }
    try (Log log = SegmentedLog.open(dir, CONFIG, NO_SYNC)) {
      assertMatches(log, expected);
    }
  }

  /** Cuts the head file at a random offset and drops the expected records that no longer fit. */
  private void crash(Random random, List<Expected> expected) throws IOException {
    long headId;
    try (Log log = SegmentedLog.open(dir, CONFIG, NO_SYNC)) {
      List<SegmentInfo> segs = log.segments();
      headId = segs.get(segs.size() - 1).id();
    }
    Path head = LogFixture.segmentFile(dir, headId);
    long size = Files.size(head);
    long cut =
        SegmentFormat.FILE_HEADER_BYTES
            + (long) (random.nextDouble() * (size - SegmentFormat.FILE_HEADER_BYTES + 1));
    LogFixture.truncate(head, Math.min(cut, size));
    expected.removeIf(
        e ->
            e.at().address().segmentId() == headId
                && e.at().address().offset() + e.at().length() > cut);
  }

  private static void assertMatches(Log log, List<Expected> expected) throws IOException {
    assertEquals(expected.isEmpty() ? 0 : expected.get(expected.size() - 1).lsn(), log.lastLsn());
    List<LogRecord> all = LogFixture.scanAll(log, 1);
    assertEquals(expected.size(), all.size());
    for (int i = 0; i < all.size(); i++) {
      Expected e = expected.get(i);
      LogRecord r = all.get(i);
      assertEquals(e.lsn(), r.lsn());
      assertEquals(e.type(), r.type());
      assertEquals(e.at().address(), r.address());
      assertArrayEquals(e.payload(), bytes(r.payload()));
      assertArrayEquals(e.payload(), bytes(log.read(e.at().address()).payload()));
    }
  }
}
