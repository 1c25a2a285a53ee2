package dev.smfs.server.ship;

import dev.smfs.server.log.Log;
import dev.smfs.server.metrics.MetricNames;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionState;
import dev.smfs.transport.session.StreamListener;
import dev.smfs.transport.session.TransportClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's side of replication to one mirror: one session carrying every registered volume
 * (stream = volume), a connection thread that connects, ATTACHes the volumes, and after the session
 * ends (closed or dead) reconnects with exponential backoff. While no session is up after a failure
 * the shipper is DEGRADED: logs keep growing locally and catch up on reconnect.
 *
 * <pre>{@code
 * Shipper shipper = new Shipper(ShipperConfig.of(mirrorAddr, nodeUuid));
 * ShippedVolume v = shipper.add(volume.uuid(), volume::epoch, volume.log());
 * shipper.start();
 * }</pre>
 *
 * <p>Metrics go to the registry of {@code config.options().metrics()}: {@code
 * smfs_mirror_state{state}} here (1 for {@link #state()}, 0 for the other states), the per-volume
 * meters in {@link ShipMetrics}. {@link #close()} removes them.
 *
 * <p>Thread-safety: all public methods are thread-safe. Transitions to and from DEGRADED are logged
 * once each (WARN / INFO).
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  private final ShipperConfig config;
  private final LongSupplier nanoClock;
  private final Consumer<String> progressLines;
  private final Map<Integer, ShippedVolume> volumes = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private Session session; // guarded by lock
  // Written under lock, read without it: volumes call connectionDown() while holding their own
  // lock, and awaitAttached() takes the volumes' locks while holding this one (lock order).
  private volatile boolean down; // last attempt failed or the session ended
  private boolean closed; // guarded by lock
  private int nextStream = 1; // guarded by lock
  private Thread thread;
  private final MeterRegistry registry;
  private final List<Gauge> stateGauges = new ArrayList<>();

  public Shipper(ShipperConfig config) {
    this(config, System::nanoTime);
  }

  Shipper(ShipperConfig config, LongSupplier nanoClock) {
    this(config, nanoClock, LOG::info);
  }

  /**
   * @param progressLines where catch-up progress lines go (the log's INFO in daemons)
   */
  Shipper(ShipperConfig config, LongSupplier nanoClock, Consumer<String> progressLines) {
    this.config = config;
    this.nanoClock = nanoClock;
    this.progressLines = progressLines;
    this.registry = config.options().metrics().registry();
    for (ReplicationState st : ReplicationState.values()) {
      stateGauges.add(
          Gauge.builder(MetricNames.MIRROR_STATE, this, sh -> sh.state() == st ? 1 : 0)
              .tag("state", stateTag(st))
              .strongReference(true)
              .register(registry));
    }
  }

  /** The label value of a state: {@code connecting}, {@code catching-up}... */
  static String stateTag(ReplicationState s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Registers a volume; it is attached on the current session at once (if any) and on every later
   * one.
   *
   * @param epoch read at each ATTACH (promotion may bump it)
   */
  public ShippedVolume add(UUID volume, LongSupplier epoch, Log log) {
    return add(volume, epoch, log, null);
  }

  /**
   * As {@link #add(UUID, LongSupplier, Log)}, able to bring a new, empty mirror up to date after
   * the first records were cleaned: {@code base} supplies the index state that travels with the
   * retained records. Without it such a mirror is refused with LOG_GAP.
   */
  public ShippedVolume add(UUID volume, LongSupplier epoch, Log log, BaseSource base) {
    ShippedVolume v;
    Session s;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("shipper closed");
      }
      v =
          new ShippedVolume(
              volume, nextStream++, log, epoch, this, nanoClock, registry, progressLines, base);
      volumes.put(v.streamId(), v);
      s = session;
    }
    v.sender.start();
    if (s != null) {
      sendAttach(s, v);
    }
    return v;
  }

  /** Starts the connection thread. */
  public void start() {
    synchronized (lock) {
      if (thread != null || closed) {
        return;
      }
      thread = new Thread(this::connectLoop, "smfs-shipper-" + config.mirror());
      thread.setDaemon(true);
      thread.start();
    }
  }

  public String mirrorAddress() {
    return config.mirror().getHostString() + ":" + config.mirror().getPort();
  }

  /** Overall state: the worst of the volumes' states. */
  public ReplicationState state() {
    synchronized (lock) {
      if (down) {
        return ReplicationState.DEGRADED;
      }
      if (session == null) {
        return ReplicationState.CONNECTING;
      }
    }
    ReplicationState s = ReplicationState.CONNECTED;
    for (ShippedVolume v : volumes.values()) {
      ReplicationState vs = v.status().state();
      if (vs.ordinal() > s.ordinal()) {
        s = vs;
      }
    }
    return s;
  }

  /** Per-volume status, in stream order. */
  public List<ReplicationStatus> status() {
    List<ReplicationStatus> l = new ArrayList<>();
    volumes.values().stream()
        .sorted((a, b) -> Integer.compare(a.streamId(), b.streamId()))
        .forEach(v -> l.add(v.status()));
    return l;
  }

  /** True once a connection attempt failed or the session ended, until the next session is up. */
  boolean connectionDown() {
    return down;
  }

  /**
   * The forward link's loss as the mirror reports it (its receiver report on heartbeats), in [0,
   * 1]; NaN without a session or before the mirror has received enough to tell.
   */
  public double linkLoss() {
    Session s = session();
    return s == null ? Double.NaN : s.peerObservedLoss();
  }

  /** The current session (tests, metrics), or null. */
  public Session session() {
    synchronized (lock) {
      return session;
    }
  }

  /**
   * Waits until a session is up and every registered volume is attached on it.
   *
   * @return false on timeout
   */
  public boolean awaitAttached(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        if (session != null && volumes.values().stream().allMatch(ShippedVolume::attached)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /**
   * Waits until {@link #state()} is {@code wanted} (tests, operators' scripts).
   *
   * @return false on timeout
   */
  public boolean awaitState(ReplicationState wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state() != wanted) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (lock) {
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }

  void stateMayHaveChanged() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  private void connectLoop() {
    long backoff = config.minBackoff().toNanos();
    byte[] token = ReplicationCodec.encodeToken(config.node());
    while (true) {
      synchronized (lock) {
        if (closed) {
          return;
        }
      }
      Session s = null;
      try {
        s =
            TransportClient.connect(
                    config.mirror(), token, config.session(), new Listener(), config.options())
                .get(config.session().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        markDown("connect failed: " + (e.getCause() != null ? e.getCause() : e));
      } catch (InterruptedException e) {
        return; // close() interrupts
      }
      if (s != null) {
        backoff = config.minBackoff().toNanos();
        if (!onConnected(s)) {
          s.close();
          return;
        }
        SessionState end;
        try {
          end = s.terminated().get();
        } catch (InterruptedException e) {
          return;
        } catch (ExecutionException e) {
          end = SessionState.DEAD;
        }
        synchronized (lock) {
          if (closed) {
            return; // our own close ended the session: not a degradation
          }
        }
        onLost(s, end);
      }
      synchronized (lock) {
        long deadline = System.nanoTime() + backoff;
        while (!closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      backoff = Math.min(backoff * 2, config.maxBackoff().toNanos());
    }
  }

  private boolean onConnected(Session s) {
    boolean wasDown;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      session = s;
      wasDown = down;
      down = false;
      lock.notifyAll();
    }
    if (wasDown) {
      LOG.info("mirror reachable again, catching up: mirror={}", mirrorAddress());
    } else {
      LOG.info("connected to mirror: mirror={}", mirrorAddress());
    }
    for (ShippedVolume v : volumes.values()) {
      sendAttach(s, v);
    }
    return true;
  }

  private void onLost(Session s, SessionState end) {
    synchronized (lock) {
      if (session == s) {
        session = null;
      }
    }
    markDown("session ended: state=" + end);
    for (ShippedVolume v : volumes.values()) {
      v.onDetached(true);
    }
  }

  private void markDown(String why) {
    boolean was;
    synchronized (lock) {
      was = down;
      down = true;
      lock.notifyAll();
    }
    if (!was) {
      LOG.warn(
          "replication DEGRADED, mirror unreachable (writes keep local durability, lag grows):"
              + " mirror={} why={}",
          mirrorAddress(),
          why);
    }
    for (ShippedVolume v : volumes.values()) {
      v.onDetached(true);
    }
  }

  /** Re-sends ATTACH on {@code s} after the retry pause, unless the session changed meanwhile. */
  private void retryAttachLater(Session s, ShippedVolume v) {
    Thread t =
        new Thread(
            () -> {
              synchronized (lock) {
                long deadline = System.nanoTime() + config.maxBackoff().toNanos();
                while (!closed && session == s) {
                  long left = deadline - System.nanoTime();
                  if (left <= 0) {
                    break;
                  }
                  try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                if (closed || session != s) {
                  return;
                }
              }
              sendAttach(s, v);
            },
            "smfs-shipper-reattach-" + v.uuid());
    t.setDaemon(true);
    t.start();
  }

  private void sendAttach(Session s, ShippedVolume v) {
    Log log = v.log();
    ControlMessage.Attach a =
        new ControlMessage.Attach(
            v.streamId(), v.uuid(), v.epoch(), Math.max(1, log.firstLsn()), log.lastLsn());
    try {
      s.send(ReplicationCodec.CONTROL_STREAM, Unpooled.wrappedBuffer(ReplicationCodec.encode(a)));
    } catch (TimeoutException | RuntimeException e) {
      LOG.debug("ATTACH not sent, session ending: volume={}", v.uuid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Control messages from the mirror. Event loop: never blocks. */
  private final class Listener implements StreamListener {
    @Override
    public void onData(Session s, int streamId, long seq, ByteBuf payload) {
      if (streamId != ReplicationCodec.CONTROL_STREAM) {
        return;
      }
      ControlMessage m;
      try {
        m = ReplicationCodec.decodeControl(payload.nioBuffer());
      } catch (MalformedReplicationException e) {
        LOG.warn("bad control message from mirror, closing session: {}", e.getMessage());
        s.close();
        return;
      }
      ShippedVolume v = volumes.get(m.streamId());
      if (v == null) {
        return;
      }
      if (m instanceof ControlMessage.Attached a) {
        v.onAttached(s, a.durableLsn());
      } else if (m instanceof ControlMessage.Refused r) {
        LOG.warn(
            "mirror refused volume: volume={} reason={} mirror={}",
            v.uuid(),
            r.reason(),
            mirrorAddress());
        v.onRefused(r.reason());
        if (r.reason().transientReason()) {
          retryAttachLater(s, v);
        }
      } else if (m instanceof ControlMessage.Durable d) {
        v.onDurable(d.lsn());
      } else {
        LOG.warn("unexpected control message from mirror: {}", m);
      }
      stateMayHaveChanged();
    }
  }

  /** Stops reconnecting, closes the session and the volume senders. Idempotent. */
  @Override
  public void close() {
    Session s;
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = session;
      session = null;
      t = thread;
      lock.notifyAll();
    }
    if (t != null) {
      t.interrupt();
    }
    if (s != null) {
      s.close();
    }
    for (ShippedVolume v : volumes.values()) {
      v.sender.close();
      v.metrics.remove();
    }
    stateGauges.forEach(registry::remove);
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
