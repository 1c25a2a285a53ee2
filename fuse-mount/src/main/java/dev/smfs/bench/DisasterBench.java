package dev.smfs.bench;

import dev.smfs.transport.wan.Direction;
import dev.smfs.transport.wan.PacketFilter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code smfs bench disaster}: the rolling disaster of "Smoke and Mirrors". Per trial: writers
 * append through a mirrored mount and log every acknowledged write in a {@link Ledger}; at a seeded
 * random moment the link drops packets with probability P for {@link #BURST}, then the primary is
 * killed with SIGKILL; the link keeps delivering what is in flight for twice its delay plus {@link
 * #DRAIN_MARGIN}; the mirror is stopped (SIGTERM) and every ledger entry is checked on its replica.
 * An entry whose bytes the replica does not hold is an acknowledged write lost.
 */
public final class DisasterBench {
  static final Duration BURST = Duration.ofMillis(500);
  static final Duration DRAIN_MARGIN = Duration.ofMillis(1000);

  /** Writing before the burst starts: uniform in [MIN_RUN, MIN_RUN + RUN_SPREAD). */
  static final Duration MIN_RUN = Duration.ofMillis(1000);

  static final Duration RUN_SPREAD = Duration.ofMillis(1500);

  /** Longest wait for the first acknowledged writes. */
  static final Duration FIRST_ACKS = Duration.ofSeconds(60);

  /** Writers are stopped by the crash; this only bounds a run that never reaches it. */
  static final Duration WRITE_LIMIT = Duration.ofSeconds(120);

  /**
   * @param cluster link (its loss is the burst's loss; the link is lossless before) and mount
   * @param writers concurrent writers
   * @param size bytes per write
   * @param trials independent trials, each with a fresh mirror and primary
   */
  public record Config(ClusterConfig cluster, int writers, int size, int trials) {
    public Config {
      if (writers <= 0 || size <= 0 || trials <= 0) {
        throw new IllegalArgumentException(
            "writers, size and trials must be > 0: writers="
                + writers
                + " size="
                + size
                + " trials="
                + trials);
      }
    }
  }

  /**
   * One trial: acknowledged writes, how many of them the mirror lost, and how many datagrams (both
   * directions, data, repairs and acknowledgements alike) the link dropped during the burst.
   */
  public record Trial(
      int trial, long acked, long lost, long linkDropped, boolean mirrorStoppedCleanly) {}

  /** All trials of one run. */
  public record Result(Config config, List<Trial> trials) {
    public long acked() {
      return trials.stream().mapToLong(Trial::acked).sum();
    }

    public long ackedLost() {
      return trials.stream().mapToLong(Trial::lost).sum();
    }

    public long linkDropped() {
      return trials.stream().mapToLong(Trial::linkDropped).sum();
    }

    public long trialsWithLoss() {
      return trials.stream().filter(t -> t.lost() > 0).count();
    }

    /** One line of JSON. */
    public String toJson() {
      ClusterConfig c = config.cluster();
      return String.format(
          Locale.ROOT,
          "{\"bench\":\"disaster\",\"safety\":\"%s\",\"loss\":%s,\"delay_ms\":%s,\"writers\":%d,"
              + "\"size\":%d,\"trials\":%d,\"acked\":%d,\"acked_lost\":%d,"
              + "\"trials_with_loss\":%d,\"link_dropped\":%d,\"fec\":\"%s\","
              + "\"interleave\":\"%s\",\"min_repairs\":\"%s\",\"rate_mbit\":\"%s\"}",
          c.safety().cliName(),
          WritesBench.num(c.loss()),
          WritesBench.num(c.delayMs()),
          config.writers(),
          config.size(),
          trials.size(),
          acked(),
          ackedLost(),
          trialsWithLoss(),
          linkDropped(),
          c.fec() == null ? "default" : c.fec(),
          c.interleave() == null ? "default" : c.interleave(),
          c.minRepairs() == null ? "default" : c.minRepairs(),
          c.rateMbit() == null ? "default" : c.rateMbit());
    }
  }

  private DisasterBench() {}

  /**
   * Runs every trial; {@code progress} receives one line per trial.
   *
   * @throws BenchException if a trial cannot run (a process fails to start, a writer fails before
   *     the crash)
   */
  public static Result run(Config config, java.util.function.Consumer<String> progress)
      throws IOException, InterruptedException {
    List<Trial> trials = new ArrayList<>();
    for (int t = 0; t < config.trials(); t++) {
      Trial trial = trial(config, t);
      trials.add(trial);
      progress.accept(
          String.format(
              Locale.ROOT,
              "trial %d: acked=%d lost=%d link_dropped=%d mirror_clean_stop=%s",
              t,
              trial.acked(),
              trial.lost(),
              trial.linkDropped(),
              trial.mirrorStoppedCleanly()));
    }
    return new Result(config, trials);
  }

  private static Trial trial(Config config, int t) throws IOException, InterruptedException {
    ClusterConfig base = config.cluster();
    long seed = base.seed() * 1_000_003L + t;
    ClusterConfig lossless =
        new ClusterConfig(
            base.safety(),
            base.delayMs(),
            0,
            base.fec(),
            base.interleave(),
            base.rateMbit(),
            seed,
            base.minRepairs());
    Random random = new Random(seed);
    Ledger ledger = new Ledger();
    try (BenchCluster cluster = BenchCluster.start(lossless)) {
      Writers w = new Writers(cluster.mountPoint(), config.writers(), config.size(), seed, ledger);
      w.start(WRITE_LIMIT);
      awaitFirstAcks(ledger, config.writers(), w, cluster);
      TimeUnit.MILLISECONDS.sleep(
          MIN_RUN.toMillis() + (long) (random.nextDouble() * RUN_SPREAD.toMillis()));
      if (!w.errors().isEmpty()) {
        throw new BenchException(
            "write failed before the crash: " + w.errors().get(0) + " : " + cluster.logTails());
      }
      AtomicLong dropped = new AtomicLong();
      for (Direction d : Direction.values()) {
        cluster.link().setFilter(d, lossy(base.loss(), new Random(random.nextLong()), dropped));
      }
      TimeUnit.MILLISECONDS.sleep(BURST.toMillis());
      cluster.crashPrimary();
      w.stop();
      if (!w.join(Duration.ofSeconds(30))) {
        throw new BenchException("a writer is still blocked 30 s after the primary was killed");
      }
      TimeUnit.MILLISECONDS.sleep((long) (2 * base.delayMs()) + DRAIN_MARGIN.toMillis());
      boolean clean = cluster.stopMirror();
      List<Ledger.Entry> acked = ledger.entries();
      int lost = ReplicaCheck.lostEntries(cluster.mirrorData(), acked);
      return new Trial(t, acked.size(), lost, dropped.get(), clean);
    }
  }

  /**
   * Waits until {@code n} writes were acknowledged, so the random moment is measured from when the
   * writers are really writing (the first writes of a fresh mount are slow).
   */
  private static void awaitFirstAcks(Ledger ledger, int n, Writers w, BenchCluster cluster)
      throws InterruptedException {
    long deadline = System.nanoTime() + FIRST_ACKS.toNanos();
    while (ledger.size() < n) {
      if (!w.errors().isEmpty()) {
        throw new BenchException(
            "write failed before the crash: " + w.errors().get(0) + " : " + cluster.logTails());
      }
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "fewer than "
                + n
                + " writes acknowledged after "
                + FIRST_ACKS.toSeconds()
                + " s: "
                + cluster.logTails());
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /**
   * Drops each packet with probability {@code p}, counting the drops; one per direction (relay
   * thread).
   */
  private static PacketFilter lossy(double p, Random random, AtomicLong dropped) {
    return packet -> {
      if (random.nextDouble() < p) {
        dropped.incrementAndGet();
        return PacketFilter.Action.DROP;
      }
      return PacketFilter.Action.PASS;
    };
  }
}
