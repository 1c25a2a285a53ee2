package dev.smfs.transport.wan;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running UDP relay between one client and a forward address, impairing each direction as its
 * {@link WanProfile} says. See the package documentation for the one-client rule.
 *
 * <p>Two sockets: the listen socket receives client traffic and sends return traffic to the client
 * last seen; an ephemeral socket connected to the forward address sends client traffic on and
 * receives only return traffic from that address. Each direction runs on its own daemon thread.
 *
 * <p>Thread-safety: all public methods may be called from any thread.
 */
public final class WanEmulator implements AutoCloseable {
  /** Socket buffers asked for; Linux caps them at net.core.[rw]mem_max. */
  static final int SOCKET_BUFFER_BYTES = 4 << 20;

  private final WanConfig config;
  private final DatagramChannel listen;
  private final DatagramChannel upstream;
  private final InetSocketAddress listenAddress;
  private final Map<Direction, WanCounters> counters = new EnumMap<>(Direction.class);
  private final Map<Direction, Impairment> impairments = new EnumMap<>(Direction.class);
  private final Map<Direction, RelayLoop> loops = new EnumMap<>(Direction.class);
  private final Map<Direction, Thread> threads = new EnumMap<>(Direction.class);
  private volatile SocketAddress client;

  private WanEmulator(WanConfig config, DatagramChannel listen, DatagramChannel upstream)
      throws IOException {
    this.config = config;
    this.listen = listen;
    this.upstream = upstream;
    this.listenAddress = (InetSocketAddress) listen.getLocalAddress();
    for (Direction d : Direction.values()) {
      WanCounters c = new WanCounters();
      counters.put(d, c);
      impairments.put(d, new Impairment(config.profile(d), c));
    }
    boolean built = false;
    try {
      loops.put(
          Direction.UPSTREAM,
          new RelayLoop(
              Direction.UPSTREAM,
              listen,
              impairments.get(Direction.UPSTREAM),
              counters.get(Direction.UPSTREAM),
              new ForwardSink(upstream),
              this::clientSeen));
      loops.put(
          Direction.DOWNSTREAM,
          new RelayLoop(
              Direction.DOWNSTREAM,
              upstream,
              impairments.get(Direction.DOWNSTREAM),
              counters.get(Direction.DOWNSTREAM),
              new ClientSink(),
              source -> {}));
      built = true;
    } finally {
      if (!built) {
        loops.values().forEach(RelayLoop::closeSelector);
      }
    }
  }

  /**
   * Binds the sockets and starts both directions.
   *
   * @throws IOException with a one-line message naming the address if a socket cannot be set up
   */
  public static WanEmulator start(WanConfig config) throws IOException {
    DatagramChannel listen = null;
    DatagramChannel upstream = null;
    boolean started = false;
    try {
      listen = open();
      try {
        listen.bind(config.listen());
      } catch (BindException e) {
        throw new BindException(
            "cannot listen on " + describe(config.listen()) + ": " + e.getMessage());
      }
      upstream = open();
      // Wildcard address, ephemeral port: the kernel picks the source that routes to forward.
      upstream.bind(null);
      try {
        upstream.connect(config.forward());
      } catch (IOException e) {
        throw new IOException(
            "cannot reach forward address " + describe(config.forward()) + ": " + e.getMessage(),
            e);
      }
      WanEmulator emulator = new WanEmulator(config, listen, upstream);
      emulator.startThreads();
      started = true;
      return emulator;
    } finally {
      if (!started) {
        closeQuietly(listen);
        closeQuietly(upstream);
      }
    }
  }

  private static DatagramChannel open() throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    return ch;
  }

  private void startThreads() {
    for (Direction d : Direction.values()) {
      Thread t = new Thread(loops.get(d), "wan-emu-" + d.jsonName());
      t.setDaemon(true);
      threads.put(d, t);
    }
    threads.values().forEach(Thread::start);
  }

  /** The bound listen address (with the real port if 0 was asked for). */
  public InetSocketAddress listenAddress() {
    return listenAddress;
  }

  public WanConfig config() {
    return config;
  }

  /** Installs a filter for one direction (null removes it); applies to packets read after this. */
  public void setFilter(Direction direction, PacketFilter filter) {
    impairments.get(direction).setFilter(filter);
  }

  /** Installs an observer of the packets one direction drops (null removes it). */
  public void setDropObserver(Direction direction, DropObserver observer) {
    impairments.get(direction).setDropObserver(observer);
  }

  /** Asks the direction to forward every packet held so far, in order, without loss or delay. */
  public void releaseHeld(Direction direction) {
    loops.get(direction).requestRelease();
  }

  public WanCounters.Snapshot counters(Direction direction) {
    return counters.get(direction).snapshot();
  }

  /**
   * Blocks until one direction's counters satisfy {@code condition}, e.g. {@code s -> s.heldNow()
   * >= 3}, or the timeout passes; returns whether the condition held.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitCounters(
      Direction direction, Predicate<WanCounters.Snapshot> condition, Duration timeout)
      throws InterruptedException {
    return counters.get(direction).await(condition, timeout);
  }

  /** {@code {"upstream":{...},"downstream":{...}}} on one line. */
  public String toJson() {
    return "{\"upstream\":"
        + counters(Direction.UPSTREAM).toJson()
        + ",\"downstream\":"
        + counters(Direction.DOWNSTREAM).toJson()
        + "}";
  }

  /**
   * Stops both directions (packets still in the delay line are discarded) and closes the sockets.
   */
  @Override
  public void close() {
    loops.values().forEach(RelayLoop::stop);
    try {
      for (Thread t : threads.values()) {
        t.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(listen);
      closeQuietly(upstream);
    }
  }

  private void clientSeen(SocketAddress source) {
    // The JDK reuses the address object while the sender does not change: usually no write.
    if (source != client && !source.equals(client)) {
      client = source;
    }
  }

  private static String describe(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static void closeQuietly(DatagramChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Nothing useful to do while closing.
      }
    }
  }

  /** Upstream: the connected socket towards the forward address. */
  private static final class ForwardSink implements RelayLoop.Sink {
    private final DatagramChannel channel;

    ForwardSink(DatagramChannel channel) {
      this.channel = channel;
    }

    @Override
    public boolean send(ByteBuffer datagram) throws IOException {
      return channel.write(datagram) > 0 || !datagram.hasRemaining();
    }

    @Override
    public boolean routable() {
      return true;
    }
  }

  /** Downstream: the listen socket towards the client last seen. */
  private final class ClientSink implements RelayLoop.Sink {
    @Override
    public boolean send(ByteBuffer datagram) throws IOException {
      int length = datagram.remaining();
      return listen.send(datagram, client) > 0 || length == 0;
    }

    @Override
    public boolean routable() {
      return client != null;
    }
  }
}
