package dev.smfs.fuse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount lifecycle behind {@code smfs mount} and {@code smfs umount}: the checks a mount must
 * pass, serving a mount in the foreground until it is unmounted or the process is told to stop,
 * starting that same foreground process detached in the background, and unmounting.
 */
public final class Mounts {
  private static final Logger LOG = LoggerFactory.getLogger(Mounts.class);

  /** The background daemon's stdout and stderr, in the data directory. */
  public static final String LOG_FILE = "smfs-mount.log";

  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DAEMON_EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 20;

  private Mounts() {}

  /** Refuses a mount point that is missing, not a directory, already mounted, or not empty. */
  public static void checkMountPoint(Path mountPoint) {
    if (MountTable.isMounted(mountPoint)) {
      throw new MountException("mount point " + mountPoint + " is already mounted");
    }
    if (!Files.isDirectory(mountPoint)) {
      throw new MountException(
          "mount point " + mountPoint + " does not exist or is not a directory");
    }
    try (Stream<Path> children = Files.list(mountPoint)) {
      if (children.findAny().isPresent()) {
        throw new MountException("mount point " + mountPoint + " is not empty");
      }
    } catch (IOException e) {
      throw new MountException("cannot list mount point " + mountPoint + ": " + e.getMessage(), e);
    }
  }

  /** Creates the data directory when new; refuses a path that exists and is not a directory. */
  public static void prepareDataDir(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new MountException("cannot create data directory " + dataDir + ": " + e, e);
    }
  }

  /**
   * Mounts and serves until the mount is unmounted ({@code smfs umount}, {@code fusermount -u}) or
   * the JVM is asked to stop (SIGTERM, SIGINT: a shutdown hook unmounts, waits for libfuse and
   * closes the volume). Returns once the volume is closed.
   */
  public static void runForeground(MountRequest request, VolumeOpener opener) {
    runForeground(request, opener, () -> {});
  }

  /**
   * As {@link #runForeground(MountRequest, VolumeOpener)}, running {@code afterClose} once after
   * the volume is closed (from the main thread or the shutdown hook, whichever stops the mount); it
   * also runs when the mount fails to start.
   */
  public static void runForeground(MountRequest request, VolumeOpener opener, Runnable afterClose) {
    runForeground(request, opener, new CompositeMeterRegistry(), afterClose);
  }

  /**
   * As {@link #runForeground(MountRequest, VolumeOpener, Runnable)}, the FUSE adapter's meters
   * ({@link FuseMetrics}) in {@code registry}.
   */
  public static void runForeground(
      MountRequest request, VolumeOpener opener, MeterRegistry registry, Runnable afterClose) {
    AtomicBoolean ran = new AtomicBoolean();
    Runnable once =
        () -> {
          if (ran.compareAndSet(false, true)) {
            afterClose.run();
          }
        };
    try {
      serve(request, opener, new FuseMetrics(registry, request.safety().cliName()), once);
    } catch (RuntimeException e) {
      once.run();
      throw e;
    }
  }

  private static void serve(
      MountRequest request, VolumeOpener opener, FuseMetrics metrics, Runnable afterClose) {
    checkMountPoint(request.mountPoint());
    prepareDataDir(request.dataDir());
    OpenedVolume volume = opener.open(request.dataDir(), request.safety());
    long pid = ProcessHandle.current().pid();
    MountRegistry.register(request.mountPoint(), pid);
    // The shutdown hook is registered before mounting: the mount is visible to others (and so can
    // be signalled) as soon as libfuse mounts, before FuseMount.mount returns. A SIGTERM in that
    // window makes the hook wait (bounded) for the mount attempt, then unmount and close.
    AtomicReference<FuseMount> live = new AtomicReference<>();
    CountDownLatch attempted = new CountDownLatch(1);
    AtomicBoolean stopped = new AtomicBoolean();
    // Runs once, from the main thread after an unmount or from the shutdown hook on SIGTERM/SIGINT;
    // it logs the close itself because the JVM halts as soon as the hook returns, possibly before
    // the main thread gets to log anything.
    Runnable stop =
        () -> {
          if (!stopped.compareAndSet(false, true)) {
            return;
          }
          try {
            FuseMount m = awaitAttempt(attempted, live);
            if (m != null) {
              m.close();
              MountRegistry.unregister(request.mountPoint(), pid);
              LOG.info("unmounted mount={} volume closed", m.mountPoint());
            }
          } finally {
            afterClose.run();
          }
        };
    Thread hook = new Thread(stop, "smfs-unmount");
    Runtime.getRuntime().addShutdownHook(hook);
    FuseMount mount;
    try {
      mount =
          FuseMount.mount(
              request.mountPoint(),
              volume,
              MountOptions.defaults(request.allowOther()).withXattrs(request.xattrs()),
              READY_TIMEOUT,
              metrics,
              request.safety() != SafetyLevel.ASYNC);
      live.set(mount);
    } catch (RuntimeException e) {
      MountRegistry.unregister(request.mountPoint(), pid);
      removeHook(hook);
      throw e;
    } finally {
      attempted.countDown();
    }
    LOG.info(
        "mounted mount={} data={} safety={} pid={}",
        mount.mountPoint(),
        request.dataDir(),
        request.safety().cliName(),
        pid);
    mount.awaitUnmounted();
    stop.run();
    removeHook(hook);
  }

  /**
   * The mount once its attempt has ended (null if it failed), waiting at most the ready timeout.
   */
  private static FuseMount awaitAttempt(CountDownLatch attempted, AtomicReference<FuseMount> live) {
    try {
      if (!attempted.await(READY_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("shutdown while mounting: the mount attempt did not end in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return live.get();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook has run or is running stop(), which runs once.
    }
  }

  /**
   * Starts {@code java <this JVM's flags> -cp <this classpath> mainClass childArgs...} detached
   * (its own session, stdout and stderr appended to {@code DATA/smfs-mount.log}) and returns its
   * pid once the mount is live. If the child exits first, or the mount is not live within 30 s,
   * throws with the last line of the log.
   */
  public static long startBackground(
      MountRequest request, String mainClass, List<String> childArgs) {
    checkMountPoint(request.mountPoint());
    prepareDataDir(request.dataDir());
    VolumeOpener.checkNotInUse(request.dataDir());
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(childArgs);
    Path log = request.dataDir().resolve(LOG_FILE);
    Process child;
    try {
      child =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new MountException("cannot start mount daemon: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (!MountTable.isMounted(request.mountPoint())) {
        if (child.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          throw new MountException(
              "mount daemon exited with status " + child.exitValue() + ": " + lastLine(log));
        }
        if (System.nanoTime() > deadline) {
          child.destroy();
          throw new MountException(
              "mount not live after " + READY_TIMEOUT.toSeconds() + " s: " + lastLine(log));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MountException("interrupted while waiting for the mount daemon");
    }
    return child.pid();
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
      return "(" + log + " is empty)";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /**
   * Unmounts an SMFS mount with {@code fusermount -u} and waits (up to 60 s) for its daemon to
   * exit, so the data directory is free when this returns.
   */
  public static void umount(Path mountPoint) {
    Optional<MountTable.Entry> entry = MountTable.find(mountPoint);
    if (entry.isEmpty()) {
      throw new MountException(mountPoint + " is not mounted");
    }
    if (!entry.get().fsType().equals("fuse.smfs")) {
      throw new MountException(
          mountPoint + " is not an smfs mount (type " + entry.get().fsType() + ")");
    }
    Optional<ProcessHandle> daemon = MountRegistry.daemonPid(mountPoint).flatMap(ProcessHandle::of);
    String path = MountTable.canonical(mountPoint).toString();
    ProcessResult r = ProcessResult.run(List.of("fusermount", "-u", path), Duration.ofSeconds(30));
    if (r.exitCode() != 0) {
      throw new MountException("fusermount -u " + path + " failed: " + r.firstLine());
    }
    if (daemon.isPresent()) {
      try {
        daemon.get().onExit().get(DAEMON_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MountException("interrupted while waiting for the mount daemon to exit");
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new MountException(
            "unmounted " + path + ", but daemon pid=" + daemon.get().pid() + " has not exited");
      }
    }
  }
}
