package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smfs.server.log.LogAddress;
import dev.smfs.server.log.LogRecord;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordCacheTest {
  private static LogRecord rec(long segment, long offset, int bytes) {
    return new LogRecord(
        1, RecordType.WRITE, new LogAddress(segment, offset), ByteBuffer.allocate(bytes));
  }

  @Test
  void evictsLeastRecentlyUsedBeyondTheByteBound() {
    RecordCache c = new RecordCache(250);
    c.put(rec(1, 0, 100));
    c.put(rec(1, 100, 100));
    assertNotNull(c.get(new LogAddress(1, 0))); // now most recently used
    c.put(rec(1, 200, 100));
    assertNull(c.get(new LogAddress(1, 100)));
    assertNotNull(c.get(new LogAddress(1, 0)));
    assertNotNull(c.get(new LogAddress(1, 200)));
  }

  @Test
  void droppingASegmentForgetsItsRecordsOnly() {
    RecordCache c = new RecordCache(1000);
    c.put(rec(1, 0, 10));
    c.put(rec(2, 0, 10));
    c.dropSegment(1);
    assertNull(c.get(new LogAddress(1, 0)));
    assertNotNull(c.get(new LogAddress(2, 0)));
  }

  @Test
  void recordLargerThanTheBoundIsNotCached() {
    RecordCache c = new RecordCache(50);
    c.put(rec(1, 0, 100));
    assertNull(c.get(new LogAddress(1, 0)));
  }
}
