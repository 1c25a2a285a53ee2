package dev.smfs.transport.wan;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of one direction: reads datagrams from its input channel in batches, runs them through
 * the {@link Impairment}, and sends each when it is due.
 *
 * <p>Waiting: with an empty delay line it blocks in the selector until a datagram arrives; when the
 * next release is at least {@link #SELECT_MIN_NANOS} away it selects for the whole milliseconds of
 * the wait (a datagram ends the wait early); in the last stretch it parks in slices of at most
 * {@link #PARK_SLICE_NANOS}, checking the socket between slices, so releases are sub-millisecond
 * precise without spinning a core. A datagram's arrival time is taken when it is read, so the time
 * it waited in the socket buffer (at most a park slice, 0.2 ms, when the relay keeps up) is added
 * to the emulated delay. The slice trades that error against wake-ups: 50 us cost about 50% more
 * CPU per datagram at 10k datagrams/s than 200 us. The price of not spinning: a few wake-ups per
 * release at low rates (about 40 us of CPU per datagram at 2k datagrams/s on the loaded 2-core test
 * box, 5 us when saturated).
 *
 * <p>Thread-safety: everything here runs on its own thread except {@link #requestRelease} and
 * {@link #stop}, which may be called from any thread.
 */
final class RelayLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);

  /** Datagrams read before due packets are released again; bounds the release lateness. */
  static final int RECEIVE_BATCH = 32;

  static final long SELECT_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  static final long PARK_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /** Largest UDP payload. */
  static final int MAX_DATAGRAM = 65_535;

  /** Where a direction sends its packets. */
  interface Sink {
    /** Sends a datagram; returns false if the socket buffer is full (retry later). */
    boolean send(ByteBuffer datagram) throws IOException;

    /** False while there is nowhere to send (no client seen yet). */
    boolean routable();
  }

  /** Told the source of every datagram read (the upstream loop learns the client address here). */
  interface SourceListener {
    void seen(SocketAddress source);
  }

  private final Direction direction;
  private final DatagramChannel in;
  private final Selector selector;
  private final Impairment impairment;
  private final WanCounters counters;
  private final Sink sink;
  private final SourceListener sources;
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private volatile boolean running = true;
  private volatile boolean releaseRequested;

  /** A packet whose send found the socket buffer full; sent before anything else. */
  private Packet pending;

  private boolean pendingFromLine;

  RelayLoop(
      Direction direction,
      DatagramChannel in,
      Impairment impairment,
      WanCounters counters,
      Sink sink,
      SourceListener sources)
      throws IOException {
    this.direction = direction;
    this.in = in;
    this.impairment = impairment;
    this.counters = counters;
    this.sink = sink;
    this.sources = sources;
    this.selector = Selector.open();
    in.register(selector, SelectionKey.OP_READ);
  }

  void requestRelease() {
    releaseRequested = true;
    selector.wakeup();
  }

  /** Releases the selector of a loop that was never started (its thread closes it otherwise). */
  void closeSelector() {
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("wan-emu direction={} selector close failed", direction, e);
    }
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (running) {
        int received = receiveBatch();
        if (releaseRequested) {
          releaseRequested = false;
          impairment.releaseHeld();
        }
        int sent = sendReady(System.nanoTime());
        if (received == 0 && sent == 0) {
          idle();
        } else {
          counters.signalIfAwaited();
        }
      }
    } catch (ClosedChannelException | ClosedSelectorException e) {
      if (running) {
        log.warn("wan-emu direction={} stopped: channel closed", direction);
      }
    } catch (IOException | RuntimeException e) {
      log.error("wan-emu direction={} failed: {}", direction, e.toString(), e);
    } finally {
      closeSelector();
    }
  }

  private int receiveBatch() throws IOException {
    for (int i = 0; i < RECEIVE_BATCH; i++) {
      scratch.clear();
      SocketAddress source;
      try {
        source = in.receive(scratch);
      } catch (PortUnreachableException e) {
        // An ICMP error for an earlier send; the datagram path itself is fine.
        continue;
      }
      if (source == null) {
        return i;
      }
      long now = System.nanoTime();
      sources.seen(source);
      scratch.flip();
      Packet p = impairment.acquire(scratch.remaining());
      p.buffer.clear();
      p.buffer.put(scratch);
      impairment.offer(p, now);
    }
    return RECEIVE_BATCH;
  }

  /** Sends the pending packet, then released held packets, then due packets; returns how many. */
  private int sendReady(long now) throws IOException {
    int sent = 0;
    if (pending != null) {
      if (!trySend(pending, pendingFromLine)) {
        return 0;
      }
      pending = null;
      sent++;
    }
    Packet p;
    while ((p = impairment.pollReleased()) != null) {
      if (!trySend(p, false)) {
        return sent;
      }
      sent++;
    }
    while ((p = impairment.pollDue(now)) != null) {
      if (!trySend(p, true)) {
        return sent;
      }
      sent++;
    }
    return sent;
  }

  /** Sends or drops p and returns true, or keeps it as pending and returns false. */
  private boolean trySend(Packet p, boolean fromLine) throws ClosedChannelException {
    if (!sink.routable()) {
      counters.droppedUnroutable();
      impairment.finish(p, fromLine, false);
      return true;
    }
    try {
      if (!sink.send(p.datagram())) {
        pending = p;
        pendingFromLine = fromLine;
        return false;
      }
      impairment.finish(p, fromLine, true);
    } catch (ClosedChannelException e) {
      impairment.finish(p, fromLine, false);
      throw e;
    } catch (IOException e) {
      // E.g. ICMP port unreachable reported on a connected socket: the packet is gone.
      counters.sendError();
      impairment.finish(p, fromLine, false);
    }
    return true;
  }

  private void idle() throws IOException {
    if (pending != null) {
      LockSupport.parkNanos(PARK_SLICE_NANOS);
      return;
    }
    long wait = impairment.nextReleaseNanos() - System.nanoTime();
    if (!impairment.hasScheduled()) {
      selector.select(100);
    } else if (wait >= SELECT_MIN_NANOS) {
      // Whole milliseconds, rounded down: wakes with less than 1 ms to go (or on a datagram).
      selector.select(TimeUnit.NANOSECONDS.toMillis(wait));
    } else if (wait > 0) {
      LockSupport.parkNanos(Math.min(wait, PARK_SLICE_NANOS));
    }
    selector.selectedKeys().clear();
  }
}
