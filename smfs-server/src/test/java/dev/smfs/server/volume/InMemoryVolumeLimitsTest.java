package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.testing.TestClock;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The in-memory volume's own limits and statfs accounting (not part of the shared contract). */
class InMemoryVolumeLimitsTest {
  private static final int CHUNK = 64 * 1024;
  private static final long BLOCKS_PER_CHUNK = CHUNK / 4096;

  private final InMemoryVolume v = new InMemoryVolume(new TestClock(), 4L * CHUNK, 4);

  private long file(String name) {
    return v.create(Volume.ROOT, name, 0644, 0, 0).ino();
  }

  private static Errno errno(Runnable r) {
    return assertThrows(FsException.class, r::run).errno();
  }

  @Test
  void statfsReportsCapacityInFourKibBlocks() {
    StatFs s = v.statfs();
    assertEquals(4096, s.blockSize());
    assertEquals(4 * BLOCKS_PER_CHUNK, s.totalBlocks());
    assertEquals(s.totalBlocks(), s.freeBlocks());
    assertEquals(4, s.totalInodes());
    assertEquals(3, s.freeInodes()); // the root
  }

  @Test
  void sparseWriteUsesOnlyTheChunksItTouches() {
    long f = file("f");
    v.write(f, 1L << 40, ByteBuffer.wrap(new byte[] {1}));
    assertEquals(3 * BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
  }

  @Test
  void writeBeyondCapacityIsEnospcAndChangesNothing() {
    long f = file("f");
    v.write(f, 0, ByteBuffer.allocate(3 * CHUNK));
    assertEquals(Errno.ENOSPC, errno(() -> v.write(f, 3L * CHUNK, ByteBuffer.allocate(CHUNK + 1))));
    assertEquals(3L * CHUNK, v.getattr(f).size());
    assertEquals(BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
  }

  @Test
  void truncateAndUnlinkGiveSpaceBack() {
    long f = file("f");
    v.write(f, 0, ByteBuffer.allocate(4 * CHUNK));
    v.setattr(f, SetAttr.size(CHUNK + 1));
    assertEquals(2 * BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
    v.unlink(Volume.ROOT, "f");
    assertEquals(4 * BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
  }

  @Test
  void openUnlinkedFileKeepsItsSpaceUntilRelease() {
    long f = file("f");
    v.write(f, 0, ByteBuffer.allocate(CHUNK));
    v.open(f);
    v.unlink(Volume.ROOT, "f");
    assertEquals(3 * BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
    v.release(f);
    assertEquals(4 * BLOCKS_PER_CHUNK, v.statfs().freeBlocks());
  }

  @Test
  void createBeyondInodeLimitIsEnospc() {
    file("a");
    file("b");
    file("c");
    assertEquals(Errno.ENOSPC, errno(() -> file("d")));
    v.unlink(Volume.ROOT, "a");
    file("d");
  }

  @Test
  void closedVolumeRejectsCalls() {
    v.close();
    assertThrows(IllegalStateException.class, () -> v.getattr(Volume.ROOT));
  }
}
