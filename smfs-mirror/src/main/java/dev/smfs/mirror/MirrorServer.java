package dev.smfs.mirror;

import dev.smfs.server.ship.ControlMessage;
import dev.smfs.server.ship.FrameReader;
import dev.smfs.server.ship.MalformedReplicationException;
import dev.smfs.server.ship.RefuseReason;
import dev.smfs.server.ship.ReplicationCodec;
import dev.smfs.server.store.DataDirLock;
import dev.smfs.server.volume.Volume;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionState;
import dev.smfs.transport.session.StreamListener;
import dev.smfs.transport.session.TransportServer;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror daemon (see the package doc for layout, fencing and threads).
 *
 * <pre>{@code
 * try (MirrorServer m = MirrorServer.start(MirrorConfig.of(dataDir, listen))) {
 *   m.address(); m.status(); m.replicaVolume(uuid);   // read-only view
 * }
 * }</pre>
 *
 * <p>Thread-safety: public methods are thread-safe; attach/detach decisions take {@code
 * attachLock}.
 */
public final class MirrorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorServer.class);
  public static final String VOLUMES_DIR = "volumes";

  private final MirrorConfig config;
  private final DataDirLock lock;
  private final Map<UUID, Replica> replicas = new ConcurrentHashMap<>();
  private final Object attachLock = new Object();
  private final GroupCommitter committer;
  private final IngestThread ingest;
  private final MirrorMetrics metrics;
  private TransportServer server;

  /** Result of an ATTACH decision: exactly one of the two is set. */
  record AttachResult(PrimarySession.Attachment attachment, RefuseReason refused) {}

  private MirrorServer(MirrorConfig config, DataDirLock lock) {
    this.config = config;
    this.lock = lock;
    this.metrics = new MirrorMetrics(config.options().metrics().registry());
    this.committer = new GroupCommitter(replicas::values, config.sweepInterval(), metrics);
    this.ingest = new IngestThread("smfs-mirror-ingest", IngestThread.DEFAULT_BUDGET_BYTES);
    metrics.registerIngest(ingest);
  }

  /**
   * Locks the data directory, opens every replica in it, starts group commit and binds the session
   * server.
   *
   * @throws IOException if the directory is in use (another mirror, or a promote) or a replica
   *     cannot be opened
   */
  public static MirrorServer start(MirrorConfig config) throws IOException {
    Files.createDirectories(config.dataDir().resolve(VOLUMES_DIR));
    MirrorServer m = new MirrorServer(config, DataDirLock.acquire(config.dataDir()));
    try {
      for (Path dir : volumeDirs(config.dataDir())) {
        UUID id = UUID.fromString(dir.getFileName().toString());
        m.replicas.put(id, Replica.open(dir, id, config.volume(), 0, m.metrics.log(id)));
      }
      m.committer.start();
      m.server =
          TransportServer.bind(config.listen(), config.session(), m::accept, config.options());
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      m.close();
      throw new IOException("interrupted while binding: listen=" + config.listen(), e);
    }
    LOG.info(
        "mirror started: data={} listen={} replicas={}",
        config.dataDir(),
        m.address(),
        m.replicas.size());
    return m;
  }

  /** The replica directories of a mirror data directory, sorted. */
  static List<Path> volumeDirs(Path dataDir) throws IOException {
    Path vols = dataDir.resolve(VOLUMES_DIR);
    if (!Files.isDirectory(vols)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(vols)) {
      return s.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList();
    }
  }

  public InetSocketAddress address() {
    return server.localAddress();
  }

  /** Every replica: epoch, last and durable LSN, attached primary. */
  public List<ReplicaStatus> status() {
    List<ReplicaStatus> l = new ArrayList<>();
    replicas.values().forEach(r -> l.add(r.status()));
    l.sort(Comparator.comparing(ReplicaStatus::volume));
    return l;
  }

  /**
   * A read-only view of a replica while the mirror runs (queries see every ingested record;
   * mutations fail with EROFS), or null if the volume is unknown.
   */
  public Volume replicaVolume(UUID volume) {
    Replica r = replicas.get(volume);
    return r == null ? null : r.volume;
  }

  GroupCommitter committer() {
    return committer;
  }

  MirrorMetrics metrics() {
    return metrics;
  }

  private StreamListener accept(Session session, byte[] token) {
    try {
      UUID node = ReplicationCodec.decodeToken(token);
      LOG.info("primary connected: node={} peer={}", node, session.remoteAddress());
      return new Handoff(new PrimarySession(this, node), ingest);
    } catch (MalformedReplicationException e) {
      LOG.warn("session refused, bad token: peer={} {}", session.remoteAddress(), e.getMessage());
      return null;
    }
  }

  /**
   * The session's listener on the event loop: hands every call to the ingest thread, in order. The
   * payload is valid only during the call, so the task keeps a retained duplicate and releases it.
   */
  private record Handoff(PrimarySession session, IngestThread ingest) implements StreamListener {
    @Override
    public void onData(Session s, int streamId, long seq, ByteBuf payload) {
      ByteBuf kept = payload.retainedDuplicate();
      Runnable work =
          () -> {
            try {
              session.onData(s, streamId, seq, kept);
            } finally {
              kept.release();
            }
          };
      ingest.submit(kept.readableBytes(), work, kept::release);
    }

    @Override
    public void onStateChange(Session s, SessionState state) {
      ingest.submit(0, () -> session.onStateChange(s, state));
    }
  }

  /** Decides an ATTACH (fencing) and opens a new replica if needed. Called on the ingest thread. */
  AttachResult attach(Session s, UUID node, ControlMessage.Attach a) {
    synchronized (attachLock) {
      Replica r = replicas.get(a.volume());
      if (r != null && r.basePending() && r.owner == null) {
        // the session that was installing a base ended: start over from an empty replica
        try {
          r = discard(r);
        } catch (IOException | RuntimeException e) {
          LOG.error("cannot discard unfinished base: volume={}", a.volume(), e);
          return new AttachResult(null, RefuseReason.IO_ERROR);
        }
      }
      if (r == null) {
        // A log starting past LSN 1 is fine for a new replica: the primary sends a base with it.
        try {
          if (Files.getFileStore(config.dataDir()).getUsableSpace() < config.minFreeBytes()) {
            return new AttachResult(null, RefuseReason.DISK_FULL);
          }
          Path dir = config.dataDir().resolve(VOLUMES_DIR).resolve(a.volume().toString());
          r = Replica.open(dir, a.volume(), config.volume(), a.epoch(), metrics.log(a.volume()));
        } catch (IOException | RuntimeException e) {
          LOG.error("cannot create replica: volume={}", a.volume(), e);
          return new AttachResult(null, RefuseReason.IO_ERROR);
        }
        replicas.put(a.volume(), r);
        LOG.info("new replica: volume={} epoch={} node={}", a.volume(), a.epoch(), node);
      } else if (r.lastLsn() == 0) {
        r.announceEpoch(a.epoch());
      }
      PrimarySession.Attachment owner = r.owner;
      if (owner != null && owner.session() != s) {
        return new AttachResult(null, RefuseReason.FOREIGN_PRIMARY);
      }
      long epoch = r.epoch();
      if (a.epoch() < epoch) {
        return new AttachResult(null, RefuseReason.STALE_EPOCH);
      }
      if (a.epoch() > epoch) {
        return new AttachResult(null, RefuseReason.EPOCH_AHEAD);
      }
      if (r.lastLsn() > 0 && a.firstLsn() > r.lastLsn() + 1) {
        // never skip records: a replica that holds some needs every one after them
        LOG.warn(
            "primary no longer holds the records the replica needs next: volume={}"
                + " primaryFirstLsn={} replicaLastLsn={}",
            a.volume(),
            a.firstLsn(),
            r.lastLsn());
        return new AttachResult(null, RefuseReason.LOG_GAP);
      }
      if (r.lastLsn() > 0 && r.durableLsn() == 0) {
        // ATTACHED(0) asks for a base; a replica holding records must announce them durably
        try {
          r.volume.log().awaitDurable(r.lastLsn());
        } catch (IOException | RuntimeException e) {
          LOG.error("replica fsync failed: volume={}", a.volume(), e);
          return new AttachResult(null, RefuseReason.IO_ERROR);
        }
      }
      if (r.lastLsn() > 0 && a.lastLsn() < r.durableLsn()) {
        // the primary lost records the mirror holds (crash without local-sync): shipping on
        // would reuse LSNs with different contents
        LOG.warn(
            "primary is behind its replica: volume={} primaryLastLsn={} replicaDurableLsn={}",
            a.volume(),
            a.lastLsn(),
            r.durableLsn());
        return new AttachResult(null, RefuseReason.REPLICA_AHEAD);
      }
      PrimarySession.Attachment att =
          new PrimarySession.Attachment(
              s, a.streamId(), node, r, new FrameReader(config.volume().log().maxRecordBytes()));
      r.owner = att;
      return new AttachResult(att, null);
    }
  }

  /** Closes {@code r} and deletes its directory; returns null (caller holds attachLock). */
  private Replica discard(Replica r) throws IOException {
    LOG.warn("unfinished base discarded, replica starts over: volume={}", r.uuid);
    replicas.remove(r.uuid);
    r.close();
    Path dir = config.dataDir().resolve(VOLUMES_DIR).resolve(r.uuid.toString());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    return null;
  }

  void detach(PrimarySession.Attachment a) {
    synchronized (attachLock) {
      if (a.replica().owner == a) {
        a.replica().owner = null;
      }
    }
  }

  /** Stops accepting, makes everything received durable, closes the replicas. Idempotent. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    ingest.close(); // after the transport: no more work arrives; before the committer's last sync
    committer.close();
    for (Replica r : replicas.values()) {
      try {
        r.close();
      } catch (RuntimeException e) {
        LOG.error("closing replica failed: volume={}", r.uuid, e);
      }
    }
    replicas.clear();
    LOG.info("mirror stopped: data={}", config.dataDir());
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing data directory lock failed: dir={}", config.dataDir(), e);
    }
  }
}
