package dev.smfs.transport.crypto;

import dev.smfs.transport.session.TransportOptions;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an endpoint protects its datagrams: sealed under a key ring, or (explicitly) not at all.
 *
 * <pre>{@code
 * TransportSecurity security = SecurityOptions.require(keyFileOrNull, insecureFlag);
 * TransportOptions options = security.apply(TransportOptions.defaults().withMetrics(metrics));
 * }</pre>
 *
 * A key-file security re-reads its file when its modification time or size changes (checked every
 * {@link #RELOAD_CHECK_SECONDS} s on each endpoint's event loop), so keys rotate without a restart;
 * a file that fails to load then is logged and the current ring kept. Thread-safe.
 */
public final class TransportSecurity {
  private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);
  static final long RELOAD_CHECK_SECONDS = 10;

  private final Path keyFile;
  private volatile KeyRing ring;
  private volatile Object fileStamp;
  private final SecureRandom random = new SecureRandom();

  private TransportSecurity(Path keyFile, KeyRing ring, Object fileStamp) {
    this.keyFile = keyFile;
    this.ring = ring;
    this.fileStamp = fileStamp;
  }

  /**
   * Loads {@code keyFile} (see {@link KeyFile} for format and permission rule).
   *
   * @throws KeyFileException with a one-line message if it cannot be used
   */
  public static TransportSecurity fromKeyFile(Path keyFile) {
    Object stamp = stamp(keyFile);
    return new TransportSecurity(keyFile, KeyFile.load(keyFile), stamp);
  }

  /** Sealing under a fixed ring (tests, embedding). */
  public static TransportSecurity of(KeyRing ring) {
    return new TransportSecurity(null, Objects.requireNonNull(ring, "ring"), null);
  }

  /** No protection: datagrams travel in clear and unauthenticated. Only with {@code --insecure}. */
  public static TransportSecurity insecure() {
    return new TransportSecurity(null, null, null);
  }

  public boolean encrypted() {
    return ring != null;
  }

  /** The current key ring; null when insecure. */
  public KeyRing ring() {
    return ring;
  }

  /**
   * {@code options} with the sealing handler added after its own pipeline hook (so hook handlers,
   * e.g. a lossy link in tests, sit on the socket side), counting into {@code
   * options.metrics().registry()}. Insecure: {@code options} unchanged.
   */
  public TransportOptions apply(TransportOptions options) {
    return apply(options, new SecurityMetrics(options.metrics().registry()));
  }

  /** As {@link #apply(TransportOptions)} counting into {@code metrics}. */
  public TransportOptions apply(TransportOptions options, SecurityMetrics metrics) {
    if (!encrypted()) {
      return options;
    }
    Consumer<ChannelPipeline> inner = options.pipelineHook();
    return options.withPipelineHook(
        p -> {
          inner.accept(p);
          p.addLast("smfs-seal", new SealingHandler(this::ring, metrics, random));
          if (keyFile != null) {
            p.channel()
                .eventLoop()
                .scheduleWithFixedDelay(
                    this::reloadQuietly,
                    RELOAD_CHECK_SECONDS,
                    RELOAD_CHECK_SECONDS,
                    TimeUnit.SECONDS);
          }
        });
  }

  /** Warm-up rounds: enough for C2 to compile the JDK's GCM path (see {@link CipherWarmUp}). */
  static final long WARM_UP_ROUNDS = 400_000;

  /**
   * Runs the JDK's AES-GCM seal and open path on a throwaway key until the JIT has compiled it
   * (about 0.5 s of CPU; at most {@code maxNanos}), so an endpoint's first seconds of traffic do
   * not pay twice the steady cost of sealing. Call once, before traffic; a no-op when insecure.
   * Blocks the calling thread.
   *
   * @param plainBytes size of the datagrams to warm up with (the session's packet size)
   * @return seal-open rounds run
   */
  public long warmUp(int plainBytes, long maxNanos) {
    if (!encrypted()) {
      return 0;
    }
    return CipherWarmUp.run(
        io.netty.buffer.ByteBufAllocator.DEFAULT, plainBytes, WARM_UP_ROUNDS, maxNanos);
  }

  /**
   * Re-reads the key file if it changed since last loaded.
   *
   * @return whether a new ring is in use
   * @throws KeyFileException if the changed file cannot be used (the current ring stays)
   */
  public boolean reloadIfChanged() {
    if (keyFile == null) {
      return false;
    }
    Object stamp = stamp(keyFile);
    if (stamp.equals(fileStamp)) {
      return false;
    }
    KeyRing next = KeyFile.load(keyFile);
    synchronized (this) {
      ring = next;
      fileStamp = stamp;
    }
    log.info(
        "transport key ring reloaded: file={} sendingKeyId={} keys={}",
        keyFile,
        next.sending().id(),
        next.keys().size());
    return true;
  }

  private void reloadQuietly() {
    try {
      reloadIfChanged();
    } catch (KeyFileException e) {
      log.warn("key file changed but cannot be used, keeping current keys: {}", e.getMessage());
    }
  }

  private static Object stamp(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      return java.util.List.of(modified, Files.size(file));
    } catch (IOException e) {
      throw new KeyFileException("cannot read key file: file=" + file + " error=" + e, e);
    }
  }
}
