package dev.smfs.server.ship;

import dev.smfs.server.cleaner.RetentionPolicy;
import dev.smfs.server.log.Log;
import dev.smfs.server.log.SegmentInfo;
import dev.smfs.server.progress.Progress;
import dev.smfs.transport.session.SendProgress;
import dev.smfs.transport.session.Session;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One volume replicated by a {@link Shipper}: what was sent on the current session (LSN → session
 * seq of the packet holding the end of its frame), what the mirror made durable, and the futures
 * the safety levels wait on. Its {@link VolumeSender} thread does the sending.
 *
 * <p>Thread-safety: all state is guarded by {@code lock}; methods may be called from any thread
 * (the session's event loop calls the {@code on*} methods and must never block on it: they only
 * take the short lock). Futures are completed outside the lock.
 *
 * <p>Lag in seconds: {@link #kick()}, which the safety level calls after every operation, samples
 * (last LSN, time) at most once per millisecond into {@link LagSamples}; {@link #lagSeconds()}
 * dates the oldest record the mirror has not made durable from them.
 *
 * <p>Catch-up: when an ATTACHED finds the mirror behind the log, the records up to the log's end at
 * that moment are reported as {@link Progress} (INFO lines every 10 s and one when shipped); a
 * catch-up the session ends before finishing is dropped without a final line.
 */
public final class ShippedVolume implements Coverage {
  private final UUID uuid;
  private final int streamId;
  private final Log log;
  private final LongSupplier epoch;
  private final Shipper shipper;
  private final LongSupplier nanoClock;
  private final Consumer<String> progressLines; // catch-up progress: the log's INFO in daemons
  private final Object lock = new Object();
  final VolumeSender sender;
  final ShipMetrics metrics;
  private volatile long nextSampleNanos; // kick() samples the log's end once this time is reached

  // guarded by lock
  private Session session; // attached session, null when detached
  private long attachedFrom = -1; // mirror durable LSN announced by ATTACHED, -1: not attached
  private long catchUpTarget; // log's last LSN at attach time
  private RefuseReason refused;
  private long mirrorDurable;
  private long shippedLsn;
  private long sentBytes; // frame bytes sent on the current session
  private final TreeMap<Long, long[]> sent = new TreeMap<>(); // lsn -> {seq, sentBytes after it}
  private final TreeMap<Long, List<CompletableFuture<Void>>> durableWaiters = new TreeMap<>();
  private final List<CoverWaiter> coverWaiters = new ArrayList<>();
  private long rateMarkNanos;
  private long rateMarkLsn;
  private double rate;
  private final LagSamples lag = new LagSamples();
  private long ackedSentBytes; // sent-bytes mark of the newest acknowledged frame, this session
  private Progress catchUp; // while catching up after an ATTACHED, else null

  private record CoverWaiter(long lsn, int k, CompletableFuture<Void> future) {}

  ShippedVolume(
      UUID uuid,
      int streamId,
      Log log,
      LongSupplier epoch,
      Shipper shipper,
      LongSupplier nanoClock,
      MeterRegistry registry,
      Consumer<String> progressLines,
      BaseSource base) {
    this.uuid = uuid;
    this.streamId = streamId;
    this.log = log;
    this.epoch = epoch;
    this.shipper = shipper;
    this.nanoClock = nanoClock;
    this.progressLines = progressLines;
    this.sender = new VolumeSender(this, log, base);
    long now = nanoClock.getAsLong();
    lag.sample(log.lastLsn(), now);
    nextSampleNanos = now;
    this.metrics = new ShipMetrics(registry, this);
  }

  @Override
  public UUID uuid() {
    return uuid;
  }

  public int streamId() {
    return streamId;
  }

  public Log log() {
    return log;
  }

  long epoch() {
    return epoch.getAsLong();
  }

  /** Newest LSN the mirror acknowledged as durable. */
  public long mirrorDurableLsn() {
    synchronized (lock) {
      return mirrorDurable;
    }
  }

  /** Wakes the sender: the log has grown. Cheap; call after each append. */
  @Override
  public void kick() {
    long now = nanoClock.getAsLong();
    if (now - nextSampleNanos >= 0) {
      synchronized (lock) {
        lag.sample(log.lastLsn(), now);
        nextSampleNanos = now + lag.intervalNanos();
      }
    }
    sender.kick();
  }

  /**
   * Age in seconds of the oldest record appended but not yet durable on the mirror (0 when the
   * mirror holds the whole log); a lower bound, see {@link LagSamples}.
   */
  public double lagSeconds() {
    synchronized (lock) {
      return lag.ageNanos(mirrorDurable, log.lastLsn(), nanoClock.getAsLong()) / 1e9;
    }
  }

  /** True while the mirror cannot take this volume: shipper DEGRADED or the volume refused. */
  @Override
  public boolean unreachable() {
    synchronized (lock) {
      return refused != null || shipper.connectionDown();
    }
  }

  /**
   * Completes when every record up to {@code lsn} is on the wire and covered by {@code k} repairs
   * ({@code k == 0}: on the wire), or durable on the mirror. Fails with {@link
   * dev.smfs.transport.session.SessionClosedException} if the session carrying it ends, or {@link
   * ReplicationUnavailableException} when the mirror becomes unreachable; callers re-check {@link
   * #unreachable()} and wait again.
   */
  @Override
  public CompletableFuture<Void> covered(long lsn, int k) {
    synchronized (lock) {
      if (lsn <= mirrorDurable) {
        return CompletableFuture.completedFuture(null);
      }
      if (refused != null) {
        return CompletableFuture.failedFuture(
            new ReplicationUnavailableException("volume refused: reason=" + refused));
      }
      if (session != null && lsn <= shippedLsn) {
        return progressOf(session, sent.ceilingEntry(lsn).getValue()[0], k);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      coverWaiters.add(new CoverWaiter(lsn, k, f));
      return f;
    }
  }

  private static CompletableFuture<Void> progressOf(Session s, long seq, int k) {
    return k == 0
        ? s.progress().await(SendProgress.Stage.WIRE, 1, seq)
        : s.progress().await(SendProgress.Stage.COVERED, k, seq);
  }

  /** Completes when the mirror has acknowledged every record up to {@code lsn} as durable. */
  public CompletableFuture<Void> durable(long lsn) {
    synchronized (lock) {
      if (lsn <= mirrorDurable) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      durableWaiters.computeIfAbsent(lsn, x -> new ArrayList<>()).add(f);
      return f;
    }
  }

  /** Allows deleting a segment once the mirror holds all its records durably. */
  public RetentionPolicy retention() {
    return segment -> segment.lastLsn() <= mirrorDurableLsn();
  }

  public ReplicationStatus status() {
    synchronized (lock) {
      long last = log.lastLsn();
      long lagRecords = Math.max(0, last - mirrorDurable);
      long lagBytes = unshippedBytes(last);
      Map.Entry<Long, long[]> durableEntry = sent.floorEntry(mirrorDurable);
      lagBytes += sentBytes - (durableEntry == null ? 0 : durableEntry.getValue()[1]);
      ReplicationState state;
      if (refused != null || shipper.connectionDown()) {
        state = ReplicationState.DEGRADED;
      } else if (session == null) {
        state = ReplicationState.CONNECTING;
      } else {
        state = catchingUp() ? ReplicationState.CATCHING_UP : ReplicationState.CONNECTED;
      }
      return new ReplicationStatus(
          uuid,
          state,
          shipper.mirrorAddress(),
          shippedLsn,
          mirrorDurable,
          lagRecords,
          Math.max(0, lagBytes),
          rate,
          refused);
    }
  }

  boolean catchingUp() {
    synchronized (lock) {
      return session != null && shippedLsn < catchUpTarget;
    }
  }

  boolean attached() {
    synchronized (lock) {
      return session != null;
    }
  }

  /** Log bytes after {@code shippedLsn}, estimated from segment sizes. Caller holds the lock. */
  private long unshippedBytes(long last) {
    long from = Math.max(shippedLsn, mirrorDurable);
    long bytes = 0;
    for (SegmentInfo s : log.segments()) {
      if (s.lastLsn() <= from || s.recordCount() <= 0) {
        continue;
      }
      long records = s.lastLsn() - Math.max(from, s.firstLsn() - 1);
      bytes += s.sizeBytes() * records / s.recordCount();
    }
    return bytes;
  }

  // ---- events from the shipper and the sender ----

  /** ATTACHED on {@code s}: the sender starts from {@code durableLsn + 1}. */
  void onAttached(Session s, long durableLsn) {
    List<Runnable> done;
    synchronized (lock) {
      session = s;
      attachedFrom = durableLsn;
      refused = null;
      catchUpTarget = log.lastLsn();
      shippedLsn = durableLsn;
      if (durableLsn < mirrorDurable) {
        // the mirror lost what it had acknowledged (data directory replaced): retention must
        // keep everything it now lacks
        mirrorDurable = durableLsn;
      }
      sentBytes = 0;
      ackedSentBytes = 0;
      sent.clear();
      done = advanceDurable(durableLsn);
      catchUp = null;
      if (catchUpTarget > durableLsn) {
        String task = "catch-up volume=" + uuid + " mirror=" + shipper.mirrorAddress();
        catchUp =
            Progress.toLines(task, catchUpTarget - durableLsn, "records", progressLines, nanoClock);
      }
    }
    done.forEach(Runnable::run);
    sender.attach(s, durableLsn + 1);
  }

  void onRefused(RefuseReason reason) {
    List<CompletableFuture<Void>> failed;
    synchronized (lock) {
      refused = reason;
      session = null;
      attachedFrom = -1;
      catchUp = null; // abandoned without a final line; the next ATTACHED reports anew
      failed = drainPendingCovers();
    }
    sender.detach();
    failAll(failed, "volume refused by mirror: reason=" + reason + " volume=" + uuid);
  }

  void onDurable(long lsn) {
    List<Runnable> done;
    synchronized (lock) {
      if (lsn > mirrorDurable) {
        Map.Entry<Long, long[]> e = sent.floorEntry(lsn);
        long mark = e == null ? ackedSentBytes : Math.max(ackedSentBytes, e.getValue()[1]);
        metrics.acked(lsn - mirrorDurable, mark - ackedSentBytes);
        ackedSentBytes = mark;
      }
      done = advanceDurable(lsn);
    }
    done.forEach(Runnable::run);
  }

  /** The session ended (or the mirror became unreachable): drop per-session state. */
  void onDetached(boolean unreachable) {
    List<CompletableFuture<Void>> failed = List.of();
    synchronized (lock) {
      session = null;
      attachedFrom = -1;
      catchUp = null; // abandoned without a final line; the next ATTACHED reports anew
      sent.clear();
      if (unreachable) {
        failed = drainPendingCovers();
      }
    }
    sender.detach();
    failAll(failed, "mirror unreachable: volume=" + uuid);
  }

  /** The sender handed packet {@code seq}, ending the frame of {@code lsn}, to {@code s}. */
  void onSent(Session s, long lsn, long seq, long bytes) {
    List<CoverWaiter> ready = new ArrayList<>();
    synchronized (lock) {
      if (s != session) {
        return;
      }
      metrics.shipped(lsn - shippedLsn, bytes);
      if (catchUp != null) {
        // Under the lock, so the final line is out before anyone can see shippedLsn at the target.
        catchUp.advance(Math.max(0, Math.min(lsn, catchUpTarget) - shippedLsn));
        if (lsn >= catchUpTarget) {
          catchUp.close();
          catchUp = null;
        }
      }
      sentBytes += bytes;
      sent.put(lsn, new long[] {seq, sentBytes});
      shippedLsn = lsn;
      for (Iterator<CoverWaiter> it = coverWaiters.iterator(); it.hasNext(); ) {
        CoverWaiter w = it.next();
        if (w.lsn() <= lsn) {
          ready.add(w);
          it.remove();
        }
      }
    }
    for (CoverWaiter w : ready) {
      long waiterSeq;
      synchronized (lock) {
        Map.Entry<Long, long[]> e = sent.ceilingEntry(w.lsn());
        waiterSeq = e == null ? seq : e.getValue()[0];
      }
      progressOf(s, waiterSeq, w.k())
          .whenComplete(
              (v, t) -> {
                if (t == null) {
                  w.future().complete(null);
                } else {
                  w.future().completeExceptionally(t);
                }
              });
    }
    shipper.stateMayHaveChanged();
  }

  /** Caller holds the lock; returns completions to run after releasing it. */
  private List<Runnable> advanceDurable(long lsn) {
    if (lsn <= mirrorDurable) {
      return List.of();
    }
    long now = nanoClock.getAsLong();
    if (rateMarkNanos == 0) {
      rateMarkNanos = now;
      rateMarkLsn = lsn;
    } else if (now - rateMarkNanos >= 100_000_000L) {
      rate = (lsn - rateMarkLsn) * 1e9 / (now - rateMarkNanos);
      rateMarkNanos = now;
      rateMarkLsn = lsn;
    }
    mirrorDurable = lsn;
    lag.trim(lsn);
    sent.headMap(lsn, false).clear();
    List<Runnable> done = new ArrayList<>();
    Map<Long, List<CompletableFuture<Void>>> head = durableWaiters.headMap(lsn, true);
    head.values().forEach(l -> l.forEach(f -> done.add(() -> f.complete(null))));
    head.clear();
    for (Iterator<CoverWaiter> it = coverWaiters.iterator(); it.hasNext(); ) {
      CoverWaiter w = it.next();
      if (w.lsn() <= lsn) {
        done.add(() -> w.future().complete(null));
        it.remove();
      }
    }
    return done;
  }

  private List<CompletableFuture<Void>> drainPendingCovers() {
    List<CompletableFuture<Void>> l = new ArrayList<>();
    coverWaiters.forEach(w -> l.add(w.future()));
    coverWaiters.clear();
    return l;
  }

  private static void failAll(List<CompletableFuture<Void>> futures, String why) {
    for (CompletableFuture<Void> f : futures) {
      f.completeExceptionally(new ReplicationUnavailableException(why));
    }
  }
}
