package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.smfs.server.testing.OpResult;
import dev.smfs.server.testing.RandomOps;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.testing.VolumeInvariants;
import dev.smfs.server.testing.VolumeOp;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The building blocks of the test-support package, each checked on its own. */
class HarnessTest {
  @Test
  void sameSeedGivesSameSequenceAndOtherSeedDoesNot() {
    assertEquals(RandomOps.generate(42, 2000), RandomOps.generate(42, 2000));
    assertNotEquals(RandomOps.generate(42, 200), RandomOps.generate(43, 200));
  }

  @Test
  void testClockMovesOnlyWhenTold() {
    TestClock c = new TestClock(1_500_000_000_123_456_789L);
    assertEquals(Instant.ofEpochSecond(1_500_000_000L, 123_456_789L), c.instant());
    assertEquals(c.instant(), c.instant());
    c.advanceNanos(1);
    assertEquals(1_500_000_000_123_456_790L, c.nanos());
  }

  @Test
  void opsResolvePathsAndReportErrnos() {
    Volume v = new InMemoryVolume(new TestClock());
    assertEquals(
        OpResult.error(Errno.ENOENT), new VolumeOp.Create("no/dir", "f", 0644, 0, 0).apply(v));
    new VolumeOp.Mkdir("", "d", 0755, 0, 0).apply(v);
    assertEquals(true, new VolumeOp.Create("d", "f", 0644, 0, 0).apply(v).isOk());
    assertEquals(OpResult.ok("n=3"), new VolumeOp.Write("d/f", 0, 3, 1).apply(v));
    assertEquals(OpResult.error(Errno.ENOTDIR), new VolumeOp.Getattr("d/f/x").apply(v));
  }

  @Test
  void snapshotGroupsHardLinksUnderTheirSmallestPath() {
    Volume v = new InMemoryVolume(new TestClock());
    long f = v.create(Volume.ROOT, "z", 0644, 0, 0).ino();
    v.link(f, Volume.ROOT, "b");
    v.create(Volume.ROOT, "c", 0644, 0, 0);
    TreeSnapshot s = TreeSnapshot.of(v);
    assertEquals("b", s.nodes().get("z").linkGroup());
    assertEquals("b", s.nodes().get("b").linkGroup());
    assertEquals("c", s.nodes().get("c").linkGroup());
  }

  @Test
  void snapshotDiffNamesPathAndField() {
    Volume a = new InMemoryVolume(new TestClock());
    Volume b = new InMemoryVolume(new TestClock());
    for (Volume v : List.of(a, b)) {
      v.mkdir(Volume.ROOT, "d", 0755, 0, 0);
    }
    a.create(a.lookup(Volume.ROOT, "d").ino(), "only-a", 0644, 0, 0);
    b.setattr(b.lookup(Volume.ROOT, "d").ino(), SetAttr.perm(0700));
    String diff = TreeSnapshot.of(a).diff(TreeSnapshot.of(b));
    assertEquals(true, diff.contains("missing /d/only-a (REGULAR)"), diff);
    assertEquals(true, diff.contains("/d perm: expected=493 actual=448"), diff);
  }

  @Test
  void snapshotSeesADifferentByteInAFile() {
    Volume a = new InMemoryVolume(new TestClock());
    Volume b = new InMemoryVolume(new TestClock());
    for (Volume v : List.of(a, b)) {
      long f = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      v.write(f, 100_000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    long fb = b.lookup(Volume.ROOT, "f").ino();
    b.write(fb, 100_001, ByteBuffer.wrap(new byte[] {9}));
    b.setattr(fb, SetAttr.times(null, a.getattr(a.lookup(Volume.ROOT, "f").ino()).mtimeNs()));
    String diff = TreeSnapshot.of(a).diff(TreeSnapshot.of(b));
    assertEquals(true, diff.contains("/f content: expected="), diff);
  }

  @Test
  void invariantsReportAWrongNlink() {
    Volume v = new InMemoryVolume(new TestClock());
    long f = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    v.link(f, Volume.ROOT, "g");
    Volume lying =
        new dev.smfs.server.testing.ForwardingVolume(v) {
          @Override
          public InodeAttr getattr(long ino) {
            InodeAttr a = super.getattr(ino);
            return ino != f
                ? a
                : new InodeAttr(
                    a.ino(),
                    a.type(),
                    a.perm(),
                    1,
                    a.uid(),
                    a.gid(),
                    a.size(),
                    a.atimeNs(),
                    a.mtimeNs(),
                    a.ctimeNs());
          }
        };
    assertEquals(List.of("/f nlink=1 names=2"), VolumeInvariants.violations(lying));
  }
}
