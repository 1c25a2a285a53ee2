package dev.smfs.cli;

import dev.smfs.fuse.MountException;
import dev.smfs.fuse.OpenedVolume;
import dev.smfs.fuse.SafetyLevel;
import dev.smfs.fuse.VolumeOpener;
import dev.smfs.server.log.Log;
import dev.smfs.server.safety.Durabilities;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.ship.ShippedVolume;
import dev.smfs.server.ship.Shipper;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a mirrored mount's volume: the persistent {@link LogVolume}, a {@link Shipper} to the
 * mirror with the volume registered on it, and the level's {@link Durability} from {@link
 * Durabilities#forLevel(dev.smfs.server.safety.SafetyLevel, ShippedVolume, int, Duration)}.
 *
 * <p>The volume must exist before its shipped half (the shipper follows its log), yet the volume
 * takes its durability when opened; a {@link Deferred} durability closes that loop: local-sync
 * while the volume opens (it creates and replays only), the mirrored level from then on, before the
 * mount serves any request.
 *
 * <p>Closing order, enforced by a proxy around the volume: wait (bounded) for the mirror to make
 * the log durable, close the shipper (no sender reads the log any more), then close the volume.
 */
final class MirroredOpener implements VolumeOpener {
  private static final Logger LOG = LoggerFactory.getLogger(MirroredOpener.class);

  /** Longest a clean unmount waits for the mirror to catch up before closing anyway. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final MirrorOptions options;

  MirroredOpener(MirrorOptions options) {
    this.options = options;
  }

  @Override
  public OpenedVolume open(Path dataDir, SafetyLevel safety) {
    VolumeOpener.checkNotInUse(dataDir);
    Deferred durability = new Deferred();
    LogVolume volume;
    try {
      volume = LogVolume.open(dataDir, VolumeConfig.defaults(), Clock.systemUTC(), durability);
    } catch (IOException e) {
      throw new MountException("cannot open volume in " + dataDir + ": " + e.getMessage(), e);
    }
    Shipper shipper = null;
    try {
      UUID node =
          UUID.nameUUIDFromBytes(("smfs-node:" + volume.uuid()).getBytes(StandardCharsets.UTF_8));
      shipper =
          new Shipper(ShipperConfig.of(options.mirror(), node).withSession(options.session()));
      ShippedVolume shipped = shipper.add(volume.uuid(), volume::epoch, volume.log());
      durability.delegate =
          Durabilities.forLevel(
              options.level(), shipped, options.minRepairs(), options.remoteTimeout());
      shipper.start();
      LOG.info(
          "shipping volume={} mirror={} safety={} fec={},{} minRepairs={}",
          volume.uuid(),
          shipper.mirrorAddress(),
          options.level().cliName(),
          options.fec().r(),
          options.fec().c(),
          options.minRepairs());
      return new OpenedVolume(closingInOrder(volume, shipper, shipped), null);
    } catch (RuntimeException e) {
      if (shipper != null) {
        shipper.close();
      }
      volume.close();
      throw new MountException("cannot start shipping to " + options.mirror() + ": " + e, e);
    }
  }

  /** Until set, local-sync; then the mirrored level. Thread-safe (volatile delegate). */
  private static final class Deferred implements Durability {
    volatile Durability delegate = Durability.LOCAL_SYNC;

    @Override
    public void await(Log log, long lsn) throws IOException {
      delegate.await(log, lsn);
    }
  }

  private static Volume closingInOrder(LogVolume volume, Shipper shipper, ShippedVolume shipped) {
    InvocationHandler h =
        new InvocationHandler() {
          @Override
          public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getName().equals("close") && m.getParameterCount() == 0) {
              try {
                drain(volume, shipper, shipped);
              } finally {
                try {
                  shipper.close();
                } finally {
                  volume.close();
                }
              }
              return null;
            }
            try {
              return m.invoke(volume, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
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
      shipped
          .durable(last)
          .get(DRAIN_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn(
          "unmounting before the mirror caught up (it catches up on the next mount):"
              + " mirror={} lastLsn={} mirrorDurableLsn={}",
          shipper.mirrorAddress(),
          last,
          shipped.mirrorDurableLsn());
    }
  }
}
