package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.ForwardingVolume;
import dev.smfs.server.testing.ModelChecker;
import dev.smfs.server.testing.ModelChecker.DivergenceError;
import dev.smfs.server.testing.OpContext;
import dev.smfs.server.testing.RandomOps;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import dev.smfs.server.testing.VolumeOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness can fail: deliberately broken volumes are caught, with the op index, and the
 * crash/rewind API finds the prefix a reopened volume holds.
 */
class ModelCheckerTest {

  /** Mishandles rename between two hard links of one inode by dropping the source name. */
  private static final class NaiveRenameVolume extends ForwardingVolume {
    NaiveRenameVolume(Volume delegate) {
      super(delegate);
    }

    @Override
    public void rename(long parent, String name, long newParent, String newName) {
      try {
        if (lookup(parent, name).ino() == lookup(newParent, newName).ino()
            && (parent != newParent || !name.equals(newName))) {
          unlink(parent, name);
          return;
        }
      } catch (FsException e) {
        // fall through to the real rename, which reports the error
      }
      super.rename(parent, name, newParent, newName);
    }
  }

  /** Forgets to touch the directory's times on unlink; every result still looks right. */
  private static final class LazyUnlinkVolume extends ForwardingVolume {
    private final TestClock clock;

    LazyUnlinkVolume(Volume delegate, TestClock clock) {
      super(delegate);
      this.clock = clock;
    }

    @Override
    public void unlink(long parent, String name) {
      long now = clock.nanos();
      InodeAttr before = getattr(parent);
      clock.setNanos(before.mtimeNs());
      try {
        super.unlink(parent, name);
      } finally {
        clock.setNanos(now);
      }
    }
  }

  @Test
  void reportsFirstDivergingOpWithIndexAndBothResults() {
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new NaiveRenameVolume(new InMemoryVolume(clock)), clock);
    mc.apply(new VolumeOp.Create("", "f", 0644, 0, 0));
    mc.apply(new VolumeOp.Link("f", "", "g"));
    mc.apply(new VolumeOp.Rename("", "f", "", "g")); // same result "ok" from both
    DivergenceError e =
        assertThrows(DivergenceError.class, () -> mc.apply(new VolumeOp.Getattr("f")));
    assertTrue(e.getMessage().startsWith("divergence at op #3: Getattr[path=f]"), e.getMessage());
    assertTrue(e.getMessage().contains("sut:   ENOENT"), e.getMessage());
    assertTrue(e.getMessage().contains("#2 Rename"), e.getMessage());
  }

  @Test
  void randomOpsFindTheNaiveRenameBug() {
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new NaiveRenameVolume(new InMemoryVolume(clock)), clock);
    RandomOps gen = new RandomOps(11);
    assertThrows(
        DivergenceError.class,
        () -> {
          for (int i = 0; i < 50_000; i++) {
            mc.apply(gen.next());
          }
        });
  }

  @Test
  void treeComparisonCatchesADifferenceNoResultShowed() {
    TestClock clock = new TestClock();
    ModelChecker mc =
        new ModelChecker(new LazyUnlinkVolume(new InMemoryVolume(clock), clock), clock);
    mc.applyAll(
        List.of(
            new VolumeOp.Mkdir("", "d", 0755, 0, 0),
            new VolumeOp.Create("d", "f", 0644, 0, 0),
            new VolumeOp.Unlink("d", "f")));
    DivergenceError e = assertThrows(DivergenceError.class, mc::assertSameTree);
    assertTrue(e.getMessage().contains("/d mtimeNs: expected="), e.getMessage());
  }

  @Test
  void periodicTreeCheckCatchesAHiddenDifferenceSoonAfterItsOp() {
    TestClock clock = new TestClock();
    ModelChecker mc =
        new ModelChecker(new LazyUnlinkVolume(new InMemoryVolume(clock), clock), clock)
            .checkTreeEvery(1);
    mc.apply(new VolumeOp.Mkdir("", "d", 0755, 0, 0));
    mc.apply(new VolumeOp.Create("d", "f", 0644, 0, 0));
    DivergenceError e =
        assertThrows(DivergenceError.class, () -> mc.apply(new VolumeOp.Unlink("d", "f")));
    assertTrue(e.getMessage().startsWith("trees differ after 3 ops"), e.getMessage());
  }

  @Test
  void identicalVolumesPassAndEndWithEqualTrees() {
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.run(RandomOps.generate(5, 3000));
    assertEquals(3000, mc.opCount());
  }

  @Test
  void snapshotAfterEqualsTheTreeOfAVolumeThatRanThatManyOps() {
    List<VolumeOp> ops = RandomOps.generate(6, 800);
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.applyAll(ops);
    Volume partial = replayed(ops, 500, new TestClock());
    assertEquals("", mc.snapshotAfter(500).diff(TreeSnapshot.of(partial)));
  }

  @Test
  void crashKeepingEveryOpPassesAndRunContinues() {
    List<VolumeOp> ops = RandomOps.generate(7, 1200);
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.applyAll(ops.subList(0, 600));
    mc.crash(replayed(ops, 600, clock), 600);
    mc.applyAll(ops.subList(600, 1200));
    mc.assertSameTree();
  }

  @Test
  void crashToSomePrefixRewindsModelToTheSurvivingOps() {
    List<VolumeOp> ops = RandomOps.generate(8, 1000);
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.applyAll(ops.subList(0, 700));
    Volume reopened = replayed(ops, 450, clock);
    int kept = mc.crashToSomePrefix(reopened, 300);
    assertTrue(kept >= 450 && kept <= 700, "kept=" + kept);
    assertEquals(mc.snapshotAfter(kept), TreeSnapshot.of(reopened));
    assertEquals(kept, mc.opCount());
    mc.applyAll(ops.subList(700, 1000)); // the lost ops are gone; the rest still agree
    mc.assertSameTree();
  }

  @Test
  void crashClaimingMoreOpsThanTheVolumeHoldsIsReported() {
    List<VolumeOp> ops = RandomOps.generate(9, 700);
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.applyAll(ops);
    assertNotEquals(mc.snapshotAfter(400), mc.snapshotAfter(700));
    assertThrows(DivergenceError.class, () -> mc.crash(replayed(ops, 400, clock), 700));
  }

  @Test
  void crashToSomePrefixFailsWhenNoPrefixMatches() {
    List<VolumeOp> ops = RandomOps.generate(10, 600);
    TestClock clock = new TestClock();
    ModelChecker mc = new ModelChecker(new InMemoryVolume(clock), clock);
    mc.applyAll(ops);
    Volume other = replayed(RandomOps.generate(99, 600), 600, clock);
    assertThrows(DivergenceError.class, () -> mc.crashToSomePrefix(other, 0));
  }

  /**
   * A fresh volume on {@code clock} holding the first {@code n} ops at the times a checker started
   * at the default time gives them (no earlier crash), with its handles closed: what a durable
   * volume looks like after reopening.
   */
  private static Volume replayed(List<VolumeOp> ops, int n, TestClock clock) {
    long start = TestClock.DEFAULT_START_NANOS;
    clock.setNanos(start); // the root's times
    OpContext ctx = new OpContext(new InMemoryVolume(clock));
    for (int i = 0; i < n; i++) {
      clock.setNanos(start + (i + 1) * ModelChecker.TICK_NANOS);
      ops.get(i).apply(ctx);
    }
    ctx.releaseAll();
    return ctx.volume();
  }
}
