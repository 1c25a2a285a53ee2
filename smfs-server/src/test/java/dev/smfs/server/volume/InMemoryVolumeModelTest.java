package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.ModelChecker;
import dev.smfs.server.testing.OpResult;
import dev.smfs.server.testing.RandomOps;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.VolumeInvariants;
import dev.smfs.server.testing.VolumeOp;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InMemoryVolumeModelTest {
  private static final long[] SEEDS = {1, 2, 3, 4};
  private static final int OPS_PER_SEED = 25_000;
  private static final int INVARIANT_EVERY = 25;

  @Test
  void randomOpsExerciseEveryOpKindAndTheMainErrnosWhileInvariantsHold() {
    Map<String, Integer> okByKind = new TreeMap<>();
    Map<String, Integer> errByKindErrno = new TreeMap<>();
    Set<Errno> errnos = EnumSet.noneOf(Errno.class);
    for (long seed : SEEDS) {
      TestClock clock = new TestClock();
      InMemoryVolume v = new InMemoryVolume(clock);
      ModelChecker self = new ModelChecker(v, clock); // model vs itself: only for op replay
      RandomOps gen = new RandomOps(seed);
      for (int i = 0; i < OPS_PER_SEED; i++) {
        VolumeOp op = gen.next();
        OpResult r = self.apply(op);
        assertTrue(!r.threw(), () -> "seed=" + seed + " op=" + op + " threw " + r);
        if (r.isOk()) {
          okByKind.merge(op.kind(), 1, Integer::sum);
        } else {
          errnos.add(r.errno());
          errByKindErrno.merge(op.kind() + " " + r.errno(), 1, Integer::sum);
        }
        if (i % INVARIANT_EVERY == 0) {
          VolumeInvariants.check(v);
        }
      }
      VolumeInvariants.check(v);
      self.assertSameTree();
    }
    System.out.println("ok by op kind: " + okByKind);
    System.out.println("errors by op kind: " + errByKindErrno);
    List<String> kinds =
        List.of(
            "create",
            "mkdir",
            "symlink",
            "readlink",
            "link",
            "unlink",
            "rmdir",
            "rename",
            "lookup",
            "getattr",
            "open",
            "release",
            "read",
            "write",
            "readhandle",
            "writehandle",
            "truncate",
            "setattrs",
            "readdir",
            "setxattr",
            "getxattr",
            "listxattr",
            "removexattr",
            "fsync");
    for (String k : kinds) {
      assertTrue(
          okByKind.getOrDefault(k, 0) >= 20, () -> "too few successful " + k + ": " + okByKind);
    }
    assertEquals(
        EnumSet.of(
            Errno.ENOENT,
            Errno.EEXIST,
            Errno.ENOTDIR,
            Errno.EISDIR,
            Errno.ENOTEMPTY,
            Errno.EINVAL,
            Errno.EPERM,
            Errno.ENODATA,
            Errno.EFBIG,
            Errno.ENAMETOOLONG,
            Errno.ERANGE),
        errnos);
  }
}
