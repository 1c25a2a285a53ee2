package dev.smfs.server.safety;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
  @TempDir Path dir;

  @Test
  void localSyncReturnsOnlyOnceTheRecordIsDurable() throws IOException {
    try (LogVolume v =
        LogVolume.open(dir, VolumeConfig.defaults(), new TestClock(), Durability.LOCAL_SYNC)) {
      for (int i = 0; i < 20; i++) {
        long ino = v.create(Volume.ROOT, "f" + i, 0644, 0, 0).ino();
        assertTrue(v.log().durableLsn() >= v.lastLsn());
        v.write(ino, 0, ByteBuffer.wrap(new byte[100]));
        assertTrue(v.log().durableLsn() >= v.lastLsn());
      }
    }
  }

  @Test
  void fsyncMakesAsyncWritesDurable() throws IOException {
    try (LogVolume v =
        LogVolume.open(dir, VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      for (int i = 0; i < 20; i++) {
        v.write(ino, i * 100L, ByteBuffer.wrap(new byte[100]));
      }
      v.fsync(ino);
      assertTrue(v.log().durableLsn() >= v.lastLsn());
    }
  }
}
