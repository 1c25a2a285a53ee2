package dev.smfs.server.ship;

import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.store.BaseSnapshot;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionClosedException;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that ships one volume: while attached, follows {@code log.scan(from)} and packs frames
 * into session packets of {@code maxPayloadBytes} (a frame may span packets). A packet goes out
 * when full, or as soon as the scanner has nothing more, so a lone record never waits for traffic.
 * {@code Session.send} blocks while the window is full: that is the backpressure.
 *
 * <p>Thread-safety: {@link #attach}, {@link #detach}, {@link #kick} and {@link #close} may be
 * called from any thread; everything else runs on the sender thread.
 */
final class VolumeSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeSender.class);

  /** Idle poll: a kick normally wakes the thread sooner; this bounds a missed kick. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final ShippedVolume volume;
  private final Log log;
  private final BaseSource base; // null: a new mirror after cleaning is refused (LOG_GAP)
  private final Object lock = new Object();
  private Session session; // guarded by lock
  private long from; // guarded by lock
  private long generation; // guarded by lock: bumps on every attach/detach
  private volatile boolean closed;
  private volatile Thread thread;

  VolumeSender(ShippedVolume volume, Log log, BaseSource base) {
    this.volume = volume;
    this.log = log;
    this.base = base;
  }

  void start() {
    Thread t = new Thread(this, "smfs-ship-" + volume.uuid());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  void attach(Session s, long fromLsn) {
    synchronized (lock) {
      session = s;
      from = fromLsn;
      generation++;
      lock.notifyAll();
    }
    kick();
  }

  void detach() {
    synchronized (lock) {
      session = null;
      generation++;
      lock.notifyAll();
    }
    kick();
  }

  void kick() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  void close() {
    closed = true;
    detach();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    while (!closed) {
      Session s;
      long start;
      long gen;
      synchronized (lock) {
        while (!closed && session == null) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            if (closed) {
              return;
            }
          }
        }
        if (closed) {
          return;
        }
        s = session;
        start = from;
        gen = generation;
      }
      try {
        ship(s, start, gen);
      } catch (SessionClosedException e) {
        LOG.debug("session ended while shipping: volume={}", volume.uuid());
        if (!awaitNewGeneration(gen)) {
          return;
        }
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("shipping failed, will retry on the next attach: volume={}", volume.uuid(), e);
        volume.onDetached(false);
      }
    }
  }

  /** Waits until the shipper attaches or detaches again; false if closed meanwhile. */
  private boolean awaitNewGeneration(long gen) {
    synchronized (lock) {
      while (!closed && generation == gen) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          if (closed) {
            return false;
          }
        }
      }
      return !closed;
    }
  }

  private boolean current(long gen) {
    synchronized (lock) {
      return !closed && generation == gen;
    }
  }

  private void ship(Session s, long start, long gen) throws IOException, InterruptedException {
    long first = log.firstLsn();
    // A new mirror (start 1) after the first records were cleaned gets a base: the index state
    // those records built, sent once the retained records up to the base's LSN are out.
    boolean needsBase = start == 1 && first > 1;
    if ((start < first && start > 1) || (needsBase && base == null)) {
      LOG.warn(
          "mirror needs records already cleaned, volume not shipped: volume={} fromLsn={}"
              + " firstLsn={}",
          volume.uuid(),
          start,
          first);
      volume.onRefused(RefuseReason.LOG_GAP);
      return;
    }
    long expected = Math.max(start, first);
    Packer out = new Packer(s, gen);
    if (needsBase) {
      LOG.info(
          "new mirror, log starts past LSN 1: shipping a base: volume={} firstLsn={}",
          volume.uuid(),
          first);
      out.frame(
          first,
          BaseCodec.TYPE_BASE_BEGIN,
          BaseCodec.encodeBegin(new BaseCodec.Identity(volume.uuid(), volume.epoch())),
          0);
    }
    BaseSnapshot snapshot = null;
    try (LogScanner scanner = log.scan(expected)) {
      while (current(gen)) {
        if (snapshot != null && expected == snapshot.lsn() + 1) {
          sendBase(out, snapshot);
          snapshot = null;
          needsBase = false;
          continue;
        }
        if (!scanner.hasNext()) {
          out.flush();
          if (needsBase && snapshot == null) {
            snapshot = base.snapshot(); // at or past every record shipped so far
            continue;
          }
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
          if (Thread.interrupted() && closed) {
            throw new InterruptedException("sender closed");
          }
          continue;
        }
        LogRecord r = scanner.next();
        if (r.lsn() != expected) {
          throw new IOException(
              "gap in the log while shipping: volume="
                  + volume.uuid()
                  + " expected="
                  + expected
                  + " actual="
                  + r.lsn());
        }
        out.frame(r.lsn(), r.type(), r.payload(), r.lsn());
        expected++;
      }
    }
  }

  private void sendBase(Packer out, BaseSnapshot snapshot) throws InterruptedException {
    List<ByteBuffer> chunks = BaseCodec.encodeChunks(snapshot.entries());
    for (ByteBuffer chunk : chunks) {
      out.frame(snapshot.lsn(), BaseCodec.TYPE_BASE_CHUNK, chunk, 0);
    }
    BaseCodec.Identity id = new BaseCodec.Identity(snapshot.volume(), snapshot.epoch());
    out.frame(
        snapshot.lsn(),
        BaseCodec.TYPE_BASE_END,
        BaseCodec.encodeEnd(id, snapshot.entries().size()),
        0);
    LOG.info(
        "base shipped: volume={} baseLsn={} entries={} chunks={}",
        volume.uuid(),
        snapshot.lsn(),
        snapshot.entries().size(),
        chunks.size());
  }

  /**
   * Packs frames into session packets of {@code maxPayloadBytes} (a frame may span packets) and
   * reports which record frames each sent packet completes. One per {@link #ship} call.
   */
  private final class Packer {
    private final Session s;
    private final long gen;
    private final ByteBuffer packet;
    private final ByteBuffer header = ByteBuffer.allocate(ReplicationCodec.FRAME_HEADER_BYTES);
    private long endedLsn; // newest record frame ending in the packet being filled
    private long endedBytes;
    private long lastSeq = -1;

    Packer(Session s, long gen) {
      this.s = s;
      this.gen = gen;
      this.packet = ByteBuffer.allocate(s.maxPayloadBytes());
    }

    /**
     * Appends one frame.
     *
     * @param recordLsn the record's LSN for progress tracking, 0 for a base frame
     */
    void frame(long lsn, int type, ByteBuffer payload, long recordLsn) throws InterruptedException {
      header.clear();
      ReplicationCodec.putFrameHeader(header, lsn, type, payload);
      header.flip();
      ByteBuffer body = payload.duplicate();
      for (ByteBuffer part : new ByteBuffer[] {header, body}) {
        while (part.hasRemaining()) {
          int n = Math.min(part.remaining(), packet.remaining());
          ByteBuffer slice = part.duplicate();
          slice.limit(slice.position() + n);
          packet.put(slice);
          part.position(part.position() + n);
          if (!packet.hasRemaining()) {
            lastSeq = send(s, packet, endedLsn, endedBytes, gen);
            endedLsn = 0;
            endedBytes = 0;
          }
        }
      }
      if (recordLsn == 0) {
        return;
      }
      long frameBytes = ReplicationCodec.FRAME_HEADER_BYTES + payload.remaining();
      if (packet.position() == 0) {
        volume.onSent(s, recordLsn, lastSeq, frameBytes); // the frame ended at a packet end
      } else {
        endedLsn = recordLsn;
        endedBytes += frameBytes;
      }
    }

    /** Sends a partly filled packet, so that a lone record never waits for traffic. */
    void flush() throws InterruptedException {
      if (packet.position() > 0) {
        send(s, packet, endedLsn, endedBytes, gen);
        endedLsn = 0;
        endedBytes = 0;
      }
    }
  }

  /** Sends the packet (retrying on a full window while attached), clears it, returns its seq. */
  private long send(Session s, ByteBuffer packet, long endedLsn, long endedBytes, long gen)
      throws InterruptedException {
    packet.flip();
    long seq;
    while (true) {
      try {
        seq = s.send(volume.streamId(), Unpooled.wrappedBuffer(packet));
        break;
      } catch (TimeoutException e) {
        if (!current(gen)) {
          throw new SessionClosedException("detached while the window was full");
        }
      }
    }
    packet.clear();
    if (endedLsn > 0) {
      volume.onSent(s, endedLsn, seq, endedBytes);
    }
    return seq;
  }
}
