package dev.smfs.server.ship;

import dev.smfs.server.log.Log;
import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.transport.session.Session;
import dev.smfs.transport.session.SessionClosedException;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
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
  private final Object lock = new Object();
  private Session session; // guarded by lock
  private long from; // guarded by lock
  private long generation; // guarded by lock: bumps on every attach/detach
  private volatile boolean closed;
  private volatile Thread thread;

  VolumeSender(ShippedVolume volume, Log log) {
    this.volume = volume;
    this.log = log;
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
    if (start < first && start > 1) {
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
    ByteBuffer packet = ByteBuffer.allocate(s.maxPayloadBytes());
    ByteBuffer header = ByteBuffer.allocate(ReplicationCodec.FRAME_HEADER_BYTES);
    long endedLsn = 0; // newest frame ending in the packet being filled
    long endedBytes = 0;
    long lastSeq = -1;
    try (LogScanner scanner = log.scan(expected)) {
      while (current(gen)) {
        if (!scanner.hasNext()) {
          if (packet.position() > 0) {
            send(s, packet, endedLsn, endedBytes, gen);
            endedLsn = 0;
            endedBytes = 0;
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
        header.clear();
        ReplicationCodec.putFrameHeader(header, r.lsn(), r.type(), r.payload());
        header.flip();
        ByteBuffer payload = r.payload().duplicate();
        for (ByteBuffer part : new ByteBuffer[] {header, payload}) {
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
        long frameBytes = ReplicationCodec.FRAME_HEADER_BYTES + r.payload().remaining();
        if (packet.position() == 0) {
          volume.onSent(s, r.lsn(), lastSeq, frameBytes); // the frame ended exactly at a packet end
        } else {
          endedLsn = r.lsn();
          endedBytes += frameBytes;
        }
        expected++;
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
