package dev.smfs.bench;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TreeCompareTest {
  /** The same operations on a fresh volume with the same clock give the same tree. */
  private static InMemoryVolume tree(byte lastByte) {
    InMemoryVolume v = new InMemoryVolume(new TestClock());
    InodeAttr d = v.mkdir(Volume.ROOT, "d", 0755, 1, 2);
    InodeAttr f = v.create(d.ino(), "f", 0644, 1, 2);
    v.write(f.ino(), 0, ByteBuffer.wrap(new byte[] {1, 2, lastByte}));
    v.symlink(Volume.ROOT, "s", "d/f", 1, 2);
    return v;
  }

  @Test
  void identicalTreesHaveNoDifference() {
    assertNull(TreeCompare.firstDifference(tree((byte) 3), tree((byte) 3)));
  }

  @Test
  void oneDifferentByteIsReportedWithItsPath() {
    String d = TreeCompare.firstDifference(tree((byte) 3), tree((byte) 4));
    assertTrue(d != null && d.startsWith("path=/d/f "), d);
  }

  @Test
  void aMissingNameIsReported() {
    InMemoryVolume a = tree((byte) 3);
    InMemoryVolume b = tree((byte) 3);
    b.unlink(Volume.ROOT, "s");
    String d = TreeCompare.firstDifference(a, b);
    assertTrue(d != null && d.contains("path=/s") && d.contains("mirror=null"), d);
  }
}
