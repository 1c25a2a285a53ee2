package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import dev.smfs.server.volume.VolumeContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume contract on the log-backed volume, plus what only a persistent volume has. */
class LogVolumeTest extends VolumeContractTest {
  @TempDir Path dir;

  @Override
  protected Volume newVolume(TestClock clock) {
    return open(clock);
  }

  private LogVolume open(TestClock clock) {
    try {
      return LogVolume.open(dir, VolumeConfig.defaults(), clock, Durability.LOCAL_SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Volume reopen(Volume volume, TestClock clock) {
    volume.close();
    return open(clock);
  }

  @Test
  void secondOpenOfTheSameDataDirectoryFailsWithAClearMessage() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> LogVolume.open(dir, VolumeConfig.defaults(), clock, Durability.ASYNC));
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
  }

  @Test
  void uuidAndEpochSurviveReopen() {
    LogVolume lv = (LogVolume) v;
    var uuid = lv.uuid();
    assertEquals(1, lv.epoch());
    v = reopen(v, clock);
    assertEquals(uuid, ((LogVolume) v).uuid());
    assertEquals(1, ((LogVolume) v).epoch());
  }

  @Test
  void writeLargerThanOneRecordIsSplitIntoSeveralWriteRecords() {
    LogVolume lv = (LogVolume) v;
    long f = file(ROOT, "big");
    long before = lv.lastLsn();
    byte[] data = random(VolumeConfig.DEFAULT_MAX_WRITE_BYTES * 2 + 10, 9);
    write(f, 0, data);
    assertEquals(before + 3, lv.lastLsn());
    org.junit.jupiter.api.Assertions.assertArrayEquals(data, read(f, 0, data.length));
  }

  @Test
  void orphanOpenAtCrashIsFreedAtNextOpen() {
    LogVolume lv = (LogVolume) v;
    long f = file(ROOT, "f");
    write(f, 0, bytes("data"));
    v.open(f);
    v.unlink(ROOT, "f");
    assertEquals(0, v.getattr(f).nlink());
    lv.crashForTesting();
    v = open(clock);
    assertErrnoEnoent(f);
    assertTrue(((LogVolume) v).index().liveBytesBySegment().isEmpty());
  }

  private void assertErrnoEnoent(long ino) {
    assertErrno(dev.smfs.server.volume.Errno.ENOENT, () -> v.getattr(ino));
  }

  @Test
  void reopenReplaysOnlyTheUnflushedTail() {
    LogVolume lv = (LogVolume) v;
    long f = file(ROOT, "f");
    write(f, 0, bytes("x"));
    v = reopen(v, clock);
    assertEquals(0, ((LogVolume) v).replayedRecords());
    assertTrue(lv.lastLsn() > 0);
    v.write(f, 1, ByteBuffer.wrap(bytes("y")));
    ((LogVolume) v).crashForTesting();
    v = open(clock);
    assertTrue(((LogVolume) v).replayedRecords() >= 1);
    org.junit.jupiter.api.Assertions.assertArrayEquals(bytes("xy"), read(f, 0, 10));
  }
}
