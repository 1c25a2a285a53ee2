package dev.smfs.bench;

import dev.smfs.fuse.MountTable;
import dev.smfs.transport.bench.TransportBench;
import dev.smfs.transport.wan.WanConfig;
import dev.smfs.transport.wan.WanEmulator;
import dev.smfs.transport.wan.WanProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A mirror process, the WAN emulator (in this process) in front of it, and a primary {@code smfs
 * mount --foreground} process shipping through the emulator, all on 127.0.0.1 under one temporary
 * directory. {@link #close} tears everything down and deletes the directory, whatever state the
 * cluster is in; a shutdown hook does the same if the JVM is stopped first (Ctrl-C). Thread-safety:
 * one owner thread; {@link #close} may race with the shutdown hook and runs once.
 */
public final class BenchCluster implements AutoCloseable {
  static final Duration MIRROR_READY = Duration.ofSeconds(30);
  static final Duration MOUNT_READY = Duration.ofSeconds(60);
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /** The shipper's line once its session is up (dev.smfs.server.ship.Shipper). */
  static final String CONNECTED_LINE = "connected to mirror";

  /** When set, {@link #close} keeps the directory (logs, data) for a post-mortem. */
  static final String KEEP_ENV = "SMFS_BENCH_KEEP";

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final long POLL_MILLIS = 20;

  private final Path dir;
  private final Path mirrorData;
  private final Path primaryData;
  private final Path mountPoint;
  private ChildProcess mirror;
  private int mirrorPort;
  private WanEmulator link;
  private ChildProcess primary;
  private final Thread hook = new Thread(this::close, "smfs-bench-teardown");
  private boolean closed; // guarded by this

  private BenchCluster(Path dir) {
    this.dir = dir;
    this.mirrorData = dir.resolve("mirror-data");
    this.primaryData = dir.resolve("primary-data");
    this.mountPoint = dir.resolve("mnt");
  }

  /** Starts mirror, link and primary; on failure tears down what was started and throws. */
  public static BenchCluster start(ClusterConfig config) throws IOException {
    BenchCluster c = new BenchCluster(Files.createTempDirectory("smfs-bench-"));
    Runtime.getRuntime().addShutdownHook(c.hook); // Ctrl-C: no process or mount left behind
    boolean ok = false;
    try {
      c.startAll(config);
      ok = true;
      return c;
    } finally {
      if (!ok) {
        c.close();
      }
    }
  }

  private void startAll(ClusterConfig config) throws IOException {
    // as the transport bench: the daemons' 32 MiB socket buffers take effect (root only), and with
    // them the receive capacity each end announces, which bounds the other's flight limit
    System.err.println(
        "bench: socket buffer ceilings: " + TransportBench.raiseSocketBufferCeilings());
    Files.createDirectories(mirrorData);
    Files.createDirectories(primaryData);
    Files.createDirectories(mountPoint);
    mirrorPort = freeUdpPort();
    int port = mirrorPort;
    startMirror("mirror.log");
    WanProfile profile =
        WanProfile.PERFECT
            .withDelayMs(config.delayMs())
            .withLoss(config.loss())
            .withQueueLimitBytes(config.linkQueueLimitBytes())
            .withSeed(config.seed());
    link =
        WanEmulator.start(
            WanConfig.symmetric(
                new InetSocketAddress(LOOPBACK, 0),
                new InetSocketAddress(LOOPBACK, port),
                profile));
    List<String> args = new ArrayList<>();
    args.addAll(List.of("mount", mountPoint.toString(), "--data", primaryData.toString()));
    args.addAll(
        List.of("--mirror", LOOPBACK.getHostAddress() + ":" + link.listenAddress().getPort()));
    args.addAll(config.mountFlags());
    args.add("--insecure");
    args.add("--foreground");
    primary = ChildProcess.start("primary mount", args, dir.resolve("primary.log"));
    await(
        "mount live and shipping at " + mountPoint,
        MOUNT_READY,
        primary,
        () -> MountTable.isMounted(mountPoint) && primary.logContains(CONNECTED_LINE));
  }

  private void startMirror(String logName) throws IOException {
    String listen = LOOPBACK.getHostAddress() + ":" + mirrorPort;
    mirror =
        ChildProcess.start(
            "mirror",
            // loopback only, both ends this benchmark's own processes: no key to distribute
            List.of("mirror", "--insecure", "--data", mirrorData.toString(), "--listen", listen),
            dir.resolve(logName));
    await("mirror listening on " + listen, MIRROR_READY, mirror, () -> udpPortBound(mirrorPort));
  }

  /**
   * Starts a new mirror process on the stopped one's data directory and port (the link forwards
   * there); returns once it listens.
   */
  public void restartMirror() throws IOException {
    if (mirror != null && mirror.isAlive()) {
      throw new IllegalStateException("mirror still running");
    }
    startMirror("mirror-restarted.log");
  }

  /**
   * Unmounts the primary cleanly and waits for its process to exit (SIGTERM after the grace
   * period); true if it exited on its own.
   */
  public boolean stopPrimary() {
    if (primary == null) {
      return true;
    }
    if (primary.isAlive() && MountTable.isMounted(mountPoint)) {
      run(List.of("fusermount", "-u", mountPoint.toString()));
    }
    boolean clean = primary.waitExit(STOP_GRACE);
    if (!clean) {
      primary.stop(Duration.ofSeconds(5));
    }
    lazyUnmount();
    return clean;
  }

  public Path primaryData() {
    return primaryData;
  }

  public Path mountPoint() {
    return mountPoint;
  }

  public Path mirrorData() {
    return mirrorData;
  }

  /** The emulated link, for filters (loss bursts) and counters. */
  public WanEmulator link() {
    return link;
  }

  /** SIGKILL of the primary (the site is lost), then a lazy unmount of its dead mount. */
  public void crashPrimary() {
    if (primary != null) {
      primary.kill();
    }
    lazyUnmount();
  }

  /** SIGTERM to the mirror; true if it exited on its own within the grace period. */
  public boolean stopMirror() {
    return mirror == null || mirror.stop(STOP_GRACE);
  }

  /** Last lines of the mirror's and the primary's logs, for error messages. */
  public String logTails() {
    return "mirror: "
        + (mirror == null ? "-" : mirror.tail(3))
        + " ; primary: "
        + (primary == null ? "-" : primary.tail(3));
  }

  private void await(String what, Duration timeout, ChildProcess p, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      p.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what + ": " + p.tail(3));
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted waiting for " + what);
      }
    }
  }

  /** A UDP port free now on loopback (racy by nature; the mirror fails loudly if it is taken). */
  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return s.getLocalPort();
    }
  }

  /** True if some socket has bound UDP {@code port} (from /proc/net/udp and udp6). */
  static boolean udpPortBound(int port) {
    String hex = String.format(Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
      try (Stream<String> lines = Files.lines(Path.of(table))) {
        if (lines
            .skip(1)
            .map(l -> l.trim().split("\\s+"))
            .anyMatch(f -> f.length > 1 && f[1].endsWith(hex))) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        // no such table (no IPv6): look at the other
      }
    }
    return false;
  }

  private void lazyUnmount() {
    if (MountTable.isMounted(mountPoint)) {
      run(List.of("fusermount", "-u", "-z", mountPoint.toString()));
    }
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // fusermount missing or failing: the lazy unmount below or the mount table tells
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Unmounts (clean, then lazy), stops the primary, the link and the mirror, and deletes the
   * directory. Never throws; safe to call more than once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook finds the cluster closed
      }
    }
    if (primary != null) {
      if (primary.isAlive() && MountTable.isMounted(mountPoint)) {
        run(List.of("fusermount", "-u", mountPoint.toString()));
      }
      if (!primary.waitExit(STOP_GRACE)) {
        primary.stop(Duration.ofSeconds(5));
      }
    }
    lazyUnmount();
    if (link != null) {
      link.close();
    }
    if (mirror != null) {
      mirror.stop(STOP_GRACE);
    }
    if (System.getenv(KEEP_ENV) != null) {
      System.err.println("bench: kept " + dir + " (" + KEEP_ENV + " is set)");
    } else {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a stale mount point cannot be removed: leave it, the temp cleaner will
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // as above
    }
  }
}
