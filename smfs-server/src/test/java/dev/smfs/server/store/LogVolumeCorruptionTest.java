package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.fsck.FsckReport;
import dev.smfs.server.index.Extent;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes flipped at random positions inside data records of sealed segments: reads of the affected
 * files fail with EIO, fsck names each damaged record, everything else reads back unchanged.
 */
class LogVolumeCorruptionTest {
  static final VolumeConfig SMALL =
      new VolumeConfig(new LogConfig(256 << 10, 64 << 10), 1L << 40, 1L << 32, 32 << 10);
  static final int FILES = 40;
  static final int FILE_BYTES = 12_000;

  @TempDir Path dir;

  private static byte[] content(int i) {
    byte[] b = new byte[FILE_BYTES];
    new Random(i).nextBytes(b);
    return b;
  }

  @Test
  void flippedBytesGiveEioForAffectedFilesOnlyAndFsckReportsThem() throws IOException {
    TestClock clock = new TestClock();
    List<Long> inos = new ArrayList<>();
    List<Extent> extents = new ArrayList<>();
    long head;
    try (LogVolume v = LogVolume.open(dir, SMALL, clock, Durability.ASYNC)) {
      for (int i = 0; i < FILES; i++) {
        long ino = v.create(Volume.ROOT, "f" + i, 0644, 0, 0).ino();
        v.write(ino, 0, ByteBuffer.wrap(content(i)));
        inos.add(ino);
        extents.add(v.index().extents(ino).get(0));
      }
      head = v.log().segments().get(v.log().segments().size() - 1).id();
    }
    Random rnd = new Random(5);
    Set<Integer> damaged = new HashSet<>();
    while (damaged.size() < 6) {
      int i = rnd.nextInt(FILES);
      Extent e = extents.get(i);
      if (e.segmentId() == head || !damaged.add(i)) {
        continue; // the head segment's tail would be cut as torn at open, not reported
      }
      long recordBytes = 20L + e.dataOffset() + e.length();
      flip(
          dir.resolve("log").resolve(String.format("%020d.log", e.segmentId())),
          e.recordOffset() + (long) (rnd.nextDouble() * recordBytes),
          rnd);
    }

    try (LogVolume v = LogVolume.open(dir, SMALL, clock, Durability.ASYNC)) {
      for (int i = 0; i < FILES; i++) {
        long ino = inos.get(i);
        ByteBuffer dst = ByteBuffer.allocate(FILE_BYTES);
        if (damaged.contains(i)) {
          // The whole extent (read once, into scratch) and a piece of it (read into the cache).
          FsException ex = assertThrows(FsException.class, () -> v.read(ino, 0, dst));
          assertEquals(Errno.EIO, ex.errno());
          FsException part =
              assertThrows(FsException.class, () -> v.read(ino, 100, ByteBuffer.allocate(500)));
          assertEquals(Errno.EIO, part.errno());
        } else {
          assertEquals(FILE_BYTES, v.read(ino, 0, dst));
          assertArrayEquals(content(i), dst.array(), "file f" + i);
        }
        assertEquals(FILE_BYTES, v.getattr(ino).size());
      }
      assertEquals(FILES, TreeSnapshot.readdirAll(v, Volume.ROOT).size());
    }

    FsckReport r = Fsck.check(dir);
    assertFalse(r.clean());
    for (int i : damaged) {
      Extent e = extents.get(i);
      assertTrue(
          r.problems().stream()
              .anyMatch(
                  p ->
                      p.offset() == e.recordOffset()
                          && p.file()
                              .getFileName()
                              .toString()
                              .equals(String.format("%020d.log", e.segmentId()))),
          () -> "no problem for record " + e + " in " + r.problems());
    }
  }

  private static void flip(Path file, long pos, Random rnd) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, pos);
      b.put(0, (byte) (b.get(0) ^ (1 + rnd.nextInt(255)))).rewind();
      ch.write(b, pos);
    }
  }
}
