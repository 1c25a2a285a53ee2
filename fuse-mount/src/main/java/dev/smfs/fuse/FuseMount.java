package dev.smfs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseException;

/**
 * One live FUSE mount: libfuse's multithreaded loop on its own thread, readiness checked against
 * the kernel's mount table, and an orderly end: unmount, wait for the loop to return, then close
 * what the mount served (the volume and its lock), in that order so no request is in flight when
 * the volume closes.
 *
 * <p>Thread-safety: {@link #close} may race with itself (a shutdown hook and the main thread); it
 * runs once.
 */
public final class FuseMount implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);
  private static final long POLL_MILLIS = 20;

  private final MountableFs fs;
  private final Path mountPoint;
  private final AutoCloseable served;
  private final CompletableFuture<Integer> loop = new CompletableFuture<>();
  private boolean closed;

  private FuseMount(MountableFs fs, Path mountPoint, AutoCloseable served) {
    this.fs = fs;
    this.mountPoint = mountPoint;
    this.served = served;
  }

  /** Mounts the SMFS adapter over {@code volume}; closing the mount closes {@code volume}. */
  public static FuseMount mount(
      Path mountPoint, OpenedVolume volume, MountOptions options, Duration readyTimeout) {
    return mount(mountPoint, volume, options, readyTimeout, FuseMetrics.noop());
  }

  /**
   * As {@link #mount(Path, OpenedVolume, MountOptions, Duration)}, counting into {@code metrics}.
   */
  public static FuseMount mount(
      Path mountPoint,
      OpenedVolume volume,
      MountOptions options,
      Duration readyTimeout,
      FuseMetrics metrics) {
    return mount(mountPoint, volume, options, readyTimeout, metrics, false);
  }

  /**
   * As above; {@code durableOnReturn} tells the adapter that every change is durable at the mount's
   * level when its call returns (see {@link SmfsFuse#SmfsFuse(dev.smfs.server.volume.Volume,
   * FuseMetrics, boolean)}).
   */
  public static FuseMount mount(
      Path mountPoint,
      OpenedVolume volume,
      MountOptions options,
      Duration readyTimeout,
      FuseMetrics metrics,
      boolean durableOnReturn) {
    return start(
        new SmfsFuse(volume.volume(), metrics, durableOnReturn, options.xattrs()),
        mountPoint,
        options.toArgs(),
        volume,
        readyTimeout);
  }

  /**
   * Starts libfuse's loop for {@code fs} at {@code mountPoint} and returns once the kernel lists
   * the mount; on failure closes {@code served} and throws {@link MountException}.
   */
  static FuseMount start(
      MountableFs fs, Path mountPoint, String[] args, AutoCloseable served, Duration readyTimeout) {
    Path where = MountTable.canonical(mountPoint);
    FuseMount m = new FuseMount(fs, where, served);
    Thread t =
        new Thread(
            () -> {
              try {
                m.loop.complete(fs.serve(where, args));
              } catch (Throwable e) {
                m.loop.completeExceptionally(e);
              } finally {
                fs.markUnmounted();
              }
            },
            "smfs-fuse-loop");
    t.setDaemon(true);
    t.start();
    try {
      m.awaitReady(readyTimeout);
      m.raiseReadAhead();
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /**
   * Raises the mount's read-ahead window ({@link ReadAhead}). Only after the kernel processed
   * libfuse's INIT reply, which sets the window to the smaller of its own and the reply's: a raise
   * before that is undone. A stat of the mount's root is a request the kernel holds until INIT is
   * done, so once it returns the raise sticks.
   */
  private void raiseReadAhead() {
    try {
      Files.readAttributes(mountPoint, BasicFileAttributes.class);
    } catch (IOException e) {
      LOG.debug("mount root not stat-able after mounting: {}", e.toString());
      return;
    }
    MountTable.find(mountPoint)
        .ifPresent(e -> ReadAhead.raise(ReadAhead.SYS_BDI, e.device(), ReadAhead.WANTED_KIB));
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!MountTable.isMounted(mountPoint)) {
      try {
        loop.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        throw new MountException("libfuse returned before mounting " + mountPoint);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new MountException("mount of " + mountPoint + " not ready after " + timeout);
        }
      } catch (ExecutionException e) {
        throw new MountException(
            "mount of " + mountPoint + " failed: " + rootMessage(e.getCause()), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MountException("interrupted while mounting " + mountPoint);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  public Path mountPoint() {
    return mountPoint;
  }

  /** Blocks until the mount ends (someone unmounted it or libfuse failed). */
  public void awaitUnmounted() {
    loop.handle((r, e) -> r).join();
  }

  /**
   * Blocks until the mount ends (someone unmounted it); true if it ended within {@code timeout}.
   */
  public boolean awaitUnmounted(Duration timeout) {
    try {
      loop.handle((r, e) -> r).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("unreachable: failures are handled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Unmounts if still mounted (lazily, so open files elsewhere cannot keep the mount alive), waits
   * up to 30 s for libfuse's loop to return, then closes what the mount served.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!loop.isDone()) {
        try {
          fs.umount();
        } catch (FuseException e) {
          LOG.warn("mount={} unmount failed: {}", mountPoint, rootMessage(e));
        }
        if (!awaitUnmounted(Duration.ofSeconds(30))) {
          LOG.warn("mount={} libfuse loop still running 30 s after unmount", mountPoint);
        }
      }
    } finally {
      try {
        if (served != null) {
          served.close();
        }
      } catch (Exception e) {
        throw new MountException("closing volume of " + mountPoint + " failed: " + e, e);
      }
    }
  }
}
