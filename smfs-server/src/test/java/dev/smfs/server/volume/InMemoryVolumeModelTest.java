package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.ModelChecker;
import dev.smfs.server.testing.OpContext;
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

/**
 * The generator drives the reference volume through 100,000 ops; structural invariants hold
 * throughout and every op kind and the main errnos occur (coverage is printed). That the checker
 * catches a wrong volume is shown in {@link ModelCheckerTest}.
 */
class InMemoryVolumeModelTest {
  private static final long[] SEEDS = {1, 2, 3, 4};
  private static final int OPS_PER_SEED = 25_000;
  private static final int INVARIANT_EVERY = 25;

  private static final List<String> SCENARIOS =
      List.of(
          "rename-replaces-file",
          "rename-replaces-empty-dir",
          "rename-between-hard-links",
          "rename-dir-to-other-parent",
          "write-past-eof-leaving-hole",
          "write-far-sparse",
          "write-to-unlinked-open-file",
          "truncate-shrink",
          "truncate-grow",
          "unlink-of-open-file",
          "unlink-one-of-several-links");

  /** The interesting situation {@code op} is about to create, judged from the state before it. */
  private static String scenario(VolumeOp op, OpContext ctx) {
    Volume v = ctx.volume();
    try {
      if (op instanceof VolumeOp.Rename r) {
        InodeAttr src = attr(v, join(r.dir(), r.name()));
        InodeAttr dst = attr(v, join(r.newDir(), r.newName()));
        if (src != null && dst != null && src.ino() == dst.ino()) {
          return r.dir().equals(r.newDir()) && r.name().equals(r.newName())
              ? null
              : "rename-between-hard-links";
        }
        if (dst != null) {
          return dst.type() == FileType.DIRECTORY
              ? "rename-replaces-empty-dir"
              : "rename-replaces-file";
        }
        if (src != null && src.type() == FileType.DIRECTORY && !r.dir().equals(r.newDir())) {
          return "rename-dir-to-other-parent";
        }
      } else if (op instanceof VolumeOp.Write w && w.len() > 0) {
        InodeAttr a = attr(v, w.path());
        if (a != null && w.offset() >= 1 << 20) {
          return "write-far-sparse";
        }
        if (a != null && w.offset() > a.size()) {
          return "write-past-eof-leaving-hole";
        }
      } else if (op instanceof VolumeOp.WriteHandle w && ctx.handleCount() > 0) {
        long ino = ctx.handleIno(w.handle());
        if (v.getattr(ino).nlink() == 0) {
          return "write-to-unlinked-open-file";
        }
      } else if (op instanceof VolumeOp.Truncate t) {
        InodeAttr a = attr(v, t.path());
        if (a != null && t.size() != a.size()) {
          return t.size() < a.size() ? "truncate-shrink" : "truncate-grow";
        }
      } else if (op instanceof VolumeOp.Unlink u) {
        InodeAttr a = attr(v, join(u.dir(), u.name()));
        if (a != null && a.nlink() > 1) {
          return "unlink-one-of-several-links";
        }
        if (a != null && isOpen(ctx, a.ino())) {
          return "unlink-of-open-file";
        }
      }
    } catch (FsException e) {
      return null;
    }
    return null;
  }

  private static boolean isOpen(OpContext ctx, long ino) {
    for (int h = 0; h < ctx.handleCount(); h++) {
      if (ctx.handleIno(h) == ino) {
        return true;
      }
    }
    return false;
  }

  private static InodeAttr attr(Volume v, String path) {
    try {
      return v.getattr(VolumeOp.resolve(v, path));
    } catch (FsException e) {
      return null;
    }
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  @Test
  void randomOpsExerciseEveryOpKindAndTheMainErrnosWhileInvariantsHold() {
    Map<String, Integer> okByKind = new TreeMap<>();
    Map<String, Integer> errByKindErrno = new TreeMap<>();
    Set<Errno> errnos = EnumSet.noneOf(Errno.class);
    Map<String, Integer> scenarios = new TreeMap<>();
    for (long seed : SEEDS) {
      TestClock clock = new TestClock();
      InMemoryVolume v = new InMemoryVolume(clock);
      OpContext ctx = new OpContext(v);
      RandomOps gen = new RandomOps(seed);
      for (int i = 0; i < OPS_PER_SEED; i++) {
        VolumeOp op = gen.next();
        clock.advanceNanos(ModelChecker.TICK_NANOS);
        String scenario = scenario(op, ctx);
        OpResult r = op.apply(ctx);
        if (scenario != null && r.isOk()) {
          scenarios.merge(scenario, 1, Integer::sum);
        }
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
    }
    System.out.println("ok by op kind: " + okByKind);
    System.out.println("errors by op kind: " + errByKindErrno);
    System.out.println("scenarios: " + scenarios);
    for (String s : SCENARIOS) {
      assertTrue(scenarios.getOrDefault(s, 0) >= 10, () -> "too few " + s + ": " + scenarios);
    }
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
