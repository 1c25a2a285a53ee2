package dev.smfs.mirror;

import dev.smfs.server.ship.ControlMessage;
import dev.smfs.server.ship.FrameReader;
import dev.smfs.server.ship.MalformedReplicationException;
import dev.smfs.server.ship.RefuseReason;
import dev.smfs.server.ship.ReplicationCodec;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionState;
import dev.smfs.transport.session.StreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One primary's session on the mirror: answers ATTACH (with fencing, see the package doc) and feeds
 * each attached volume stream's frames into its replica. Called on the mirror's ingest thread (the
 * server hands the session listener's calls to it, in order); {@link #streams} is confined to it.
 */
final class PrimarySession implements StreamListener {
  private static final Logger LOG = LoggerFactory.getLogger(PrimarySession.class);

  /** A volume stream attached on this session. */
  record Attachment(
      Session session, int streamId, UUID node, Replica replica, FrameReader reader) {}

  private final MirrorServer server;
  private final UUID node;
  private final Map<Integer, Attachment> streams = new HashMap<>();
  // Counters of the attached streams' replicas, looked up once per ATTACH, not per frame.
  private final Map<Integer, MirrorMetrics.Volume> meters = new HashMap<>();

  PrimarySession(MirrorServer server, UUID node) {
    this.server = server;
    this.node = node;
  }

  @Override
  public void onData(Session s, int streamId, long seq, ByteBuf payload) {
    if (streamId == ReplicationCodec.CONTROL_STREAM) {
      onControl(s, payload);
      return;
    }
    Attachment a = streams.get(streamId);
    if (a == null) {
      return; // frames of a refused or detached volume
    }
    MirrorMetrics.Volume m = meters.get(streamId);
    try {
      a.reader()
          .feed(
              payload.nioBuffer(),
              f -> {
                try {
                  if (a.replica().ingest(f)) {
                    m.received();
                    server.committer().wake();
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    } catch (MalformedReplicationException | IllegalStateException e) {
      LOG.error(
          "bad replication stream, volume detached: volume={} node={}", a.replica().uuid, node, e);
      detach(a);
      reply(s, new ControlMessage.Refused(streamId, RefuseReason.LOG_GAP));
    } catch (RuntimeException e) {
      LOG.error(
          "replica write failed, volume detached: volume={} node={}", a.replica().uuid, node, e);
      detach(a);
      reply(s, new ControlMessage.Refused(streamId, RefuseReason.IO_ERROR));
    }
  }

  private void onControl(Session s, ByteBuf payload) {
    ControlMessage m;
    try {
      m = ReplicationCodec.decodeControl(payload.nioBuffer());
    } catch (MalformedReplicationException e) {
      LOG.warn("bad control message, closing session: node={} {}", node, e.getMessage());
      s.close();
      return;
    }
    if (!(m instanceof ControlMessage.Attach a)) {
      LOG.warn("unexpected control message from primary: node={} message={}", node, m);
      return;
    }
    Attachment old = streams.remove(a.streamId());
    if (old != null) {
      detach(old);
    }
    MirrorServer.AttachResult r = server.attach(s, node, a);
    if (r.refused() != null) {
      LOG.warn(
          "ATTACH refused: volume={} node={} epoch={} reason={}",
          a.volume(),
          node,
          a.epoch(),
          r.refused());
      reply(s, new ControlMessage.Refused(a.streamId(), r.refused()));
      return;
    }
    streams.put(a.streamId(), r.attachment());
    meters.put(a.streamId(), server.metrics().of(a.volume()));
    // The group committer may send a DURABLE before this ATTACHED: the primary treats both as
    // "durable up to", so the order does not matter.
    reply(s, new ControlMessage.Attached(a.streamId(), r.attachment().replica().durableLsn()));
  }

  private void detach(Attachment a) {
    streams.remove(a.streamId());
    server.detach(a);
  }

  @Override
  public void onStateChange(Session s, SessionState state) {
    if (state == SessionState.CLOSED || state == SessionState.DEAD) {
      for (Attachment a : streams.values().toArray(new Attachment[0])) {
        detach(a);
      }
      LOG.info("primary session ended: node={} state={}", node, state);
    }
  }

  /**
   * Sends a control message; a window still full after the session's send timeout fails it
   * (logged), and on the event loop a full window fails at once.
   */
  static void reply(Session s, ControlMessage m) {
    try {
      s.send(ReplicationCodec.CONTROL_STREAM, Unpooled.wrappedBuffer(ReplicationCodec.encode(m)));
    } catch (TimeoutException | RuntimeException e) {
      LOG.warn("control message not sent: message={} reason={}", m, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
