package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * Fixture and helpers of the volume contract ({@link VolumeContractTest}): a fresh volume on a
 * {@link TestClock} per test, the implementation hooks, and small helpers for files and bytes.
 */
public abstract class VolumeContractSupport {
  protected static final long ROOT = Volume.ROOT;
  protected TestClock clock;
  protected Volume v;

  /** A new, empty volume on {@code clock}. */
  protected abstract Volume newVolume(TestClock clock);

  /**
   * Closes {@code volume} and opens the same storage again on the same clock; implementations
   * without storage keep the default, which skips the durability tests.
   */
  protected Volume reopen(Volume volume, TestClock clock) {
    throw new UnsupportedOperationException("no persistent storage");
  }

  @BeforeEach
  protected void createVolume() {
    clock = new TestClock();
    v = newVolume(clock);
  }

  @AfterEach
  protected void closeVolume() {
    v.close();
  }

  // ---- helpers ----

  /** Advances the clock by one second and returns the new time. */
  protected long tick() {
    return clock.advanceNanos(1_000_000_000L);
  }

  protected static void assertErrno(Errno expected, Executable call) {
    FsException e = assertThrows(FsException.class, call);
    assertEquals(expected, e.errno(), e.getMessage());
  }

  protected long file(long parent, String name) {
    return v.create(parent, name, 0644, 1000, 1000).ino();
  }

  protected long dir(long parent, String name) {
    return v.mkdir(parent, name, 0755, 1000, 1000).ino();
  }

  protected void write(long ino, long offset, byte[] data) {
    assertEquals(data.length, v.write(ino, offset, ByteBuffer.wrap(data)));
  }

  protected byte[] read(long ino, long offset, int len) {
    ByteBuffer buf = ByteBuffer.allocate(len);
    int n = v.read(ino, offset, buf);
    return Arrays.copyOf(buf.array(), n);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] random(int len, long seed) {
    byte[] b = new byte[len];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  protected List<String> names(long dir) {
    return TreeSnapshot.readdirAll(v, dir).stream().map(DirEntry::name).toList();
  }

  protected Volume reopenOrSkip() {
    try {
      v = reopen(v, clock);
      return v;
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("volume is not persistent: " + e.getMessage());
      return null;
    }
  }
}
