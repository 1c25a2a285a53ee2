package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smfs.server.metrics.MetricNames;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.InMemoryVolume;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/** The adapter counts operations, errors by errno, and write/fsync latency by safety level. */
class FuseMetricsTest {
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SmfsFuse fuse =
      new SmfsFuse(new InMemoryVolume(new TestClock()), new FuseMetrics(registry, "local-sync"));

  private static Pointer memory(int size) {
    return Memory.allocateDirect(RUNTIME, size, true);
  }

  private double ops(String op) {
    return registry.get(MetricNames.FUSE_OPS).tag("op", op).counter().count();
  }

  @Test
  void everyOperationHasItsCounterBeforeItIsFirstServed() {
    for (FuseOp op : FuseOp.values()) {
      assertEquals(0.0, ops(op.tag()), op.tag());
    }
  }

  @Test
  void aFailedOperationCountsAsOpAndAsErrorWithItsErrnoName() {
    fuse.getattr("/missing", FileStat.of(memory(256)));
    fuse.getattr("/missing", FileStat.of(memory(256)));
    assertEquals(2.0, ops("getattr"));
    assertEquals(
        2.0,
        registry
            .get(MetricNames.FUSE_ERRORS)
            .tag("op", "getattr")
            .tag("errno", Errno.ENOENT.name())
            .counter()
            .count());
  }

  @Test
  void successfulOperationsCountNoError() {
    assertEquals(0, fuse.getattr("/", FileStat.of(memory(256))));
    assertEquals(1.0, ops("getattr"));
    assertNull(registry.find(MetricNames.FUSE_ERRORS).counter());
  }

  @Test
  void writesAndFsyncsAreTimedUnderTheMountsLevel() {
    FuseFileInfo fi = FuseFileInfo.of(memory(256));
    assertEquals(0, fuse.create("/f", 0644, fi));
    Pointer buf = memory(100);
    assertEquals(100, fuse.write("/f", buf, 100, 0, fi));
    assertEquals(100, fuse.write("/f", buf, 100, 100, fi));
    assertEquals(0, fuse.fsync("/f", 0, fi));
    assertEquals(2, timerCount("write"));
    assertEquals(1, timerCount("fsync"));
  }

  @Test
  void everyRegisteredMeterIsCatalogued() {
    fuse.getattr("/missing", FileStat.of(memory(256)));
    for (Meter m : registry.getMeters()) {
      var metric = MetricNames.byName(m.getId().getName()).orElseThrow();
      for (var tag : m.getId().getTags()) {
        assertEquals(true, metric.tags().contains(tag.getKey()), m.getId().toString());
      }
    }
  }

  private long timerCount(String op) {
    return registry
        .get(MetricNames.WRITE_LATENCY)
        .tag("level", "local-sync")
        .tag("op", op)
        .timer()
        .count();
  }
}
