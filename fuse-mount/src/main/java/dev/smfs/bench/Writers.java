package dev.smfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * N writer threads, each appending {@code size}-byte pwrites to its own file {@code w<i>} under a
 * directory, timing each write, until a deadline or {@link #stop}. With a {@link Ledger}, each
 * write is logged there after it returned (acknowledged). A writer ends at its first I/O error and
 * keeps it ({@link #errors}); after a crash that is expected.
 *
 * <p>Thread-safety: start, stop and join from one controlling thread.
 */
final class Writers {
  private final Path dir;
  private final int count;
  private final int size;
  private final long seed;
  private final Ledger ledger;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Latencies> latencies = new ArrayList<>();
  private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
  private long startNanos;
  private long endNanos;

  /**
   * @param ledger where acknowledged writes go, or null
   */
  Writers(Path dir, int count, int size, long seed, Ledger ledger) {
    if (count <= 0 || size <= 0) {
      throw new IllegalArgumentException(
          "writers and size must be > 0: n=" + count + " size=" + size);
    }
    this.dir = dir;
    this.count = count;
    this.size = size;
    this.seed = seed;
    this.ledger = ledger;
  }

  /** Starts the writers; they stop by themselves after {@code duration}. */
  void start(Duration duration) {
    startNanos = System.nanoTime();
    long deadline = startNanos + duration.toNanos();
    for (int i = 0; i < count; i++) {
      Latencies l = new Latencies();
      latencies.add(l);
      int id = i;
      Thread t = new Thread(() -> run(id, deadline, l), "bench-writer-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  void stop() {
    stop.set(true);
  }

  /** Waits up to {@code timeout} for every writer; false if one is still blocked in a write. */
  boolean join(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
      if (t.isAlive()) {
        return false;
      }
    }
    endNanos = System.nanoTime();
    return true;
  }

  /** Seconds from start to the end of the last writer. */
  double elapsedSeconds() {
    return (endNanos - startNanos) / 1e9;
  }

  /** Every write's latency, merged and sorted. Call after {@link #join}. */
  Latencies latencies() {
    return Latencies.merge(latencies);
  }

  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private void run(int id, long deadline, Latencies out) {
    Random random = new Random(seed * 31 + id);
    byte[] data = new byte[size];
    random.nextBytes(data);
    MessageDigest sha = sha256();
    String name = "w" + id;
    try (FileChannel ch =
        FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long offset = 0;
      for (long seq = 0; !stop.get() && System.nanoTime() < deadline; seq++) {
        for (int k = 0; k < Math.min(8, size); k++) {
          data[k] = (byte) (seq >>> (8 * k)); // every write's bytes differ
        }
        byte[] digest = ledger != null ? sha.digest(data) : null;
        ByteBuffer buf = ByteBuffer.wrap(data);
        long t0 = System.nanoTime();
        while (buf.hasRemaining()) {
          ch.write(buf, offset + buf.position());
        }
        out.add(System.nanoTime() - t0);
        if (ledger != null) {
          ledger.add(new Ledger.Entry(name, offset, size, digest));
        }
        offset += size;
      }
    } catch (IOException | RuntimeException e) {
      errors.add(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
