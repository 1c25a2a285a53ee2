package dev.smfs.server.testing;

import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.Volume;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the same operations on a volume under test (the SUT) and on a reference model (an {@link
 * InMemoryVolume} by default) and fails at the first operation whose results differ.
 *
 * <p>Time: before each op the checker moves both the model's clock and the SUT's {@link TestClock}
 * to the same instant ({@link #TICK_NANOS} after the previous op), so results compare exactly,
 * times included.
 *
 * <p>Crashes: run ops in chunks; between chunks the caller may crash the SUT and reopen it, then
 * call {@link #crash(Volume, int)} with the number of ops the reopened volume should hold (all of
 * them for a durable volume, fewer after a torn log tail), or {@link #crashToSomePrefix} to accept
 * any prefix from a minimum. The checker rewinds the model by replaying its history, releases the
 * model's open handles (a crash closes every file) and compares the trees. {@link #snapshotAfter}
 * gives the model's tree after any op count.
 *
 * <p>Not thread-safe.
 */
public final class ModelChecker {
  /** Time between two ops. */
  public static final long TICK_NANOS = 1_000_000;

  private static final int RECENT_OPS_SHOWN = 12;

  /** One step of history: an op at a time, or a crash (op == null). */
  private record Event(VolumeOp op, long timeNanos) {}

  private final Function<Clock, Volume> modelFactory;
  private final TestClock sutClock;
  private final long startNanos;
  private final List<Event> history = new ArrayList<>();

  private TestClock modelClock;
  private OpContext model;
  private OpContext sut;
  private long lastTime;
  private int opCount;
  private int treeCheckEvery;

  /** Checks {@code sut}, whose clock is {@code sutClock}, against an {@link InMemoryVolume}. */
  public ModelChecker(Volume sut, TestClock sutClock) {
    this(InMemoryVolume::new, sut, sutClock);
  }

  /** {@code modelFactory} builds the reference volume on a given clock (also when replaying). */
  public ModelChecker(Function<Clock, Volume> modelFactory, Volume sut, TestClock sutClock) {
    this.modelFactory = modelFactory;
    this.sutClock = sutClock;
    this.startNanos = sutClock.nanos();
    this.lastTime = startNanos;
    this.modelClock = new TestClock(startNanos);
    this.model = new OpContext(modelFactory.apply(modelClock));
    this.sut = new OpContext(sut);
  }

  /**
   * Also compares the whole trees after every {@code ops} applied ops (0, the default, never), to
   * catch a difference no result shows close to the op that caused it.
   */
  public ModelChecker checkTreeEvery(int ops) {
    if (ops < 0) {
      throw new IllegalArgumentException("ops=" + ops + " must be >= 0");
    }
    this.treeCheckEvery = ops;
    return this;
  }

  /** The clock to give a reopened SUT. */
  public TestClock sutClock() {
    return sutClock;
  }

  public Volume model() {
    return model.volume();
  }

  public Volume sut() {
    return sut.volume();
  }

  /** Ops applied so far (after a rewind, those that survived plus those since). */
  public int opCount() {
    return opCount;
  }

  /** Applies {@code op} to both volumes; throws {@link DivergenceError} if results differ. */
  public OpResult apply(VolumeOp op) {
    lastTime += TICK_NANOS;
    modelClock.setNanos(lastTime);
    sutClock.setNanos(lastTime);
    OpResult expected = op.apply(model);
    OpResult actual = op.apply(sut);
    int index = opCount;
    history.add(new Event(op, lastTime));
    opCount++;
    if (expected.threw()) {
      throw new IllegalStateException("model threw at op #" + index + " " + op + ": " + expected);
    }
    if (!expected.equals(actual)) {
      throw new DivergenceError(
          "divergence at op #"
              + index
              + ": "
              + op
              + "\n  model: "
              + expected
              + "\n  sut:   "
              + actual
              + "\n"
              + recentOps());
    }
    if (treeCheckEvery > 0 && opCount % treeCheckEvery == 0) {
      assertSameTree();
    }
    return expected;
  }

  /** Applies every op in order. */
  public void applyAll(List<? extends VolumeOp> ops) {
    for (VolumeOp op : ops) {
      apply(op);
    }
  }

  /** Applies every op, then checks that both trees are equal. */
  public void run(List<? extends VolumeOp> ops) {
    applyAll(ops);
    assertSameTree();
  }

  public TreeSnapshot modelSnapshot() {
    return TreeSnapshot.of(model.volume());
  }

  /** Fails with a per-path diff unless the SUT's tree equals the model's. */
  public void assertSameTree() {
    String diff = modelSnapshot().diff(TreeSnapshot.of(sut.volume()));
    if (!diff.isEmpty()) {
      throw new DivergenceError("trees differ after " + opCount + " ops:\n" + diff + recentOps());
    }
  }

  /** The model's tree after the first {@code n} ops of the current history, by replay. */
  public TreeSnapshot snapshotAfter(int n) {
    Replay r = replay(n);
    try {
      return TreeSnapshot.of(r.ctx.volume());
    } finally {
      r.ctx.volume().close();
    }
  }

  /**
   * The SUT crashed and came back as {@code reopened} holding exactly the first {@code
   * survivingOps} ops. Rewinds the model to that point if needed, closes every handle and checks
   * the trees.
   */
  public void crash(Volume reopened, int survivingOps) {
    if (survivingOps < 0 || survivingOps > opCount) {
      throw new IllegalArgumentException("survivingOps=" + survivingOps + " opCount=" + opCount);
    }
    if (survivingOps < opCount) {
      Replay r = replay(survivingOps);
      model.volume().close();
      model = r.ctx;
      modelClock = r.clock;
      history.subList(r.events, history.size()).clear();
      opCount = survivingOps;
    }
    history.add(new Event(null, lastTime));
    model.releaseAll();
    sut = new OpContext(reopened);
    assertSameTree();
  }

  /**
   * The SUT crashed and came back as {@code reopened} holding some prefix of at least {@code
   * minOps} ops (e.g. everything acknowledged as durable). Finds the longest prefix whose model
   * tree equals the reopened tree, rewinds to it and returns its length; fails if none does.
   */
  public int crashToSomePrefix(Volume reopened, int minOps) {
    TreeSnapshot actual = TreeSnapshot.of(reopened);
    Replay r = replay(minOps);
    Map<TreeSnapshot.ContentKey, String> hashes = new HashMap<>();
    int match = -1;
    try {
      int n = minOps;
      boolean changed = true;
      while (true) {
        // Only a successful mutation can change the tree; skip the walk otherwise.
        if (changed && TreeSnapshot.of(r.ctx.volume(), hashes).equals(actual)) {
          match = n;
        } else if (!changed && match == n - 1) {
          match = n;
        }
        if (n == opCount) {
          break;
        }
        Event e = history.get(r.events);
        OpResult res = r.step(e);
        if (e.op() != null) {
          n++;
          changed = e.op().mutates() && res.isOk();
        }
      }
    } finally {
      r.ctx.volume().close();
    }
    if (match < 0) {
      throw new DivergenceError(
          "no prefix in ["
              + minOps
              + ", "
              + opCount
              + "] matches the reopened volume; diff against all ops:\n"
              + modelSnapshot().diff(actual));
    }
    crash(reopened, match);
    return match;
  }

  private String recentOps() {
    StringBuilder sb = new StringBuilder("  recent ops:\n");
    int shown = 0;
    int index = opCount;
    List<String> lines = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0 && shown < RECENT_OPS_SHOWN; i--) {
      Event e = history.get(i);
      if (e.op() == null) {
        lines.add("    -- crash --");
      } else {
        index--;
        lines.add("    #" + index + " " + e.op());
        shown++;
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      sb.append(lines.get(i)).append('\n');
    }
    return sb.toString();
  }

  /** A fresh model driven through the history; {@code events} = history entries consumed. */
  private final class Replay {
    final TestClock clock = new TestClock(startNanos);
    final OpContext ctx = new OpContext(modelFactory.apply(clock));
    int events;

    /** Applies one event; returns the op's result, or null for a crash. */
    OpResult step(Event e) {
      OpResult result = null;
      if (e.op() == null) {
        ctx.releaseAll();
      } else {
        clock.setNanos(e.timeNanos());
        result = e.op().apply(ctx);
      }
      events++;
      return result;
    }
  }

  private Replay replay(int n) {
    Replay r = new Replay();
    int applied = 0;
    while (applied < n) {
      Event e = history.get(r.events);
      r.step(e);
      if (e.op() != null) {
        applied++;
      }
    }
    return r;
  }

  /** The SUT disagreed with the model. */
  public static final class DivergenceError extends AssertionError {
    private static final long serialVersionUID = 1L;

    public DivergenceError(String message) {
      super(message);
    }
  }
}
