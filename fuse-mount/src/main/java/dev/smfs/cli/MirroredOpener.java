package dev.smfs.cli;

import dev.smfs.fuse.MountException;
import dev.smfs.fuse.OpenedVolume;
import dev.smfs.fuse.SafetyLevel;
import dev.smfs.fuse.VolumeOpener;
import dev.smfs.server.cleaner.Cleaner;
import dev.smfs.server.cleaner.CleanerConfig;
import dev.smfs.server.ship.MirroredVolume;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a mirrored mount's volume, wired as the {@code dev.smfs.server.ship} package documents: the
 * {@link LogVolume} opens with a {@link DeferredDurability} (local-sync while it creates and
 * replays), a {@link Shipper} follows its log, the level's durability from {@link
 * Durabilities#forLevel(dev.smfs.server.safety.SafetyLevel, ShippedVolume, int, Duration)} is set
 * before the mount serves any request, and a {@link Cleaner} keeps the segments the mirror has not
 * made durable.
 *
 * <p>Closing order, enforced by a proxy around the volume (the mount closes only the volume): stop
 * the cleaner, wait (bounded) for the mirror to make the log durable, close the shipper (no sender
 * reads the log any more), then close the volume.
 */
final class MirroredOpener implements VolumeOpener {
  private static final Logger LOG = LoggerFactory.getLogger(MirroredOpener.class);

  /** Longest a clean unmount waits for the mirror to catch up before closing anyway. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final MirrorOptions options;

  /** The volume {@link #open} opened, for status reports; null before. */
  private volatile MirroredVolume opened;

  MirroredOpener(MirrorOptions options) {
    this.options = options;
  }

  /** The mirrored volume once {@link #open} has succeeded, else null. */
  MirroredVolume opened() {
    return opened;
  }

  @Override
  public OpenedVolume open(Path dataDir, SafetyLevel safety) {
    VolumeOpener.checkNotInUse(dataDir);
    MirroredVolume mirrored;
    try {
      mirrored =
          MirroredVolume.open(
              dataDir,
              VolumeConfig.defaults()
                  .withPreallocation(options.level() != dev.smfs.server.safety.SafetyLevel.ASYNC),
              Clock.systemUTC(),
              options.level(),
              options.shipper(),
              options.minRepairs(),
              options.remoteTimeout());
    } catch (IOException e) {
      throw new MountException("cannot open volume in " + dataDir + ": " + e.getMessage(), e);
    }
    Cleaner cleaner = null;
    try {
      cleaner =
          new Cleaner(
              mirrored.volume(),
              mirrored.retention(),
              CleanerConfig.defaults(),
              options.shipper().options().metrics().registry());
      cleaner.start();
      LOG.info(
          "shipping volume={} mirror={} safety={} fec={},{} minRepairs={}",
          mirrored.volume().uuid(),
          mirrored.shipper().mirrorAddress(),
          options.level().cliName(),
          options.shipper().session().fec().r(),
          options.shipper().session().fec().c(),
          options.minRepairs());
      opened = mirrored;
      return new OpenedVolume(closingInOrder(mirrored, cleaner), null);
    } catch (RuntimeException e) {
      if (cleaner != null) {
        cleaner.close();
      }
      mirrored.close();
      throw new MountException(
          "cannot start shipping to " + options.shipper().mirror() + ": " + e, e);
    }
  }

  private static Volume closingInOrder(MirroredVolume mirrored, Cleaner cleaner) {
    InvocationHandler h =
        (proxy, m, args) -> {
          if (m.getName().equals("close") && m.getParameterCount() == 0) {
            try {
              cleaner.close();
              drain(mirrored.volume(), mirrored.shipper(), mirrored.shipped());
            } finally {
              mirrored.close(); // the shipper, then the volume
            }
            return null;
          }
          try {
            return m.invoke(mirrored.volume(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Volume)
        Proxy.newProxyInstance(Volume.class.getClassLoader(), new Class<?>[] {Volume.class}, h);
  }

  /** Gives the mirror a bounded chance to hold the whole log before the shipper stops. */
  private static void drain(LogVolume volume, Shipper shipper, ShippedVolume shipped) {
    long last = volume.log().lastLsn();
    if (shipped.unreachable() || shipped.mirrorDurableLsn() >= last) {
      return;
    }
    try {
      shipped.durable(last).get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "unmounting before the mirror caught up (it catches up on the next mount):"
              + " mirror={} lastLsn={} mirrorDurableLsn={}",
          shipper.mirrorAddress(),
          last,
          shipped.mirrorDurableLsn());
    }
  }
}
