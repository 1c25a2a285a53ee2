package dev.smfs.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * libfuse 2's request loop, driven by Java threads instead of libfuse's own.
 *
 * <p>Why: jnr-fuse runs {@code fuse_main_real}, whose multithreaded loop calls into Java from
 * native worker threads. jffi attaches such a thread to the JVM for each callback and detaches it
 * afterwards (until the thread has made 1,000 callbacks), and libfuse creates a worker whenever
 * none is idle and ends one whenever more than ten are, so under a changing load most callbacks pay
 * a JVM attach and detach (thread object, stack guard pages: tens to hundreds of microseconds, more
 * than a 128 KiB write costs). Here every worker is a Java thread, attached for good: it blocks in
 * {@code fuse_chan_recv} (a read of /dev/fuse) and hands the request to {@code
 * fuse_session_process}, which runs the callbacks on the same thread. libfuse's high-level layer is
 * built for concurrent workers (its multithreaded loop does the same calls), so nothing else
 * changes.
 *
 * <p>Workers: {@link #INITIAL_WORKERS} at start; when the last idle worker takes a request another
 * is started, up to {@link #MAX_WORKERS}, as libfuse does; they never end before the session does,
 * so there is no churn. The loop ends when the file system is unmounted (every blocked read returns
 * ENODEV and libfuse marks the session exited). If a read fails otherwise, the session is exited
 * and {@code onFailure} runs (the caller unmounts, which releases the other workers).
 *
 * <p>Signals: {@code fuse_setup} installs libfuse's handlers only where the disposition is the
 * default; the JVM already handles SIGTERM, SIGINT and SIGHUP, so shutdown stays with the JVM's
 * hooks.
 */
final class FuseLoop {
  private static final Logger LOG = LoggerFactory.getLogger(FuseLoop.class);

  static final int INITIAL_WORKERS = 4;
  static final int MAX_WORKERS = 256;
  private static final int EINTR = 4;

  /** The parts of libfuse 2's API the loop needs (all present since libfuse 2.6). */
  public interface LibFuseSession {
    Pointer fuse_setup(
        int argc,
        String[] argv,
        FuseOperations op,
        @size_t long opSize,
        Pointer mountpoint,
        Pointer multithreaded,
        Pointer userData);

    void fuse_teardown(Pointer fuse, Pointer mountpoint);

    Pointer fuse_get_session(Pointer fuse);

    Pointer fuse_session_next_chan(Pointer se, Pointer ch);

    @size_t
    long fuse_chan_bufsize(Pointer ch);

    int fuse_chan_recv(Pointer chp, Pointer buf, @size_t long size);

    void fuse_session_process(Pointer se, Pointer buf, @size_t long len, Pointer ch);

    int fuse_session_exited(Pointer se);

    void fuse_session_exit(Pointer se);
  }

  private static volatile LibFuseSession lib;

  private final Runtime runtime = Runtime.getSystemRuntime();
  private final String name;
  private final Pointer session;
  private final Pointer channel;
  private final long bufferBytes;
  private final Runnable onFailure;
  private final AtomicInteger idle = new AtomicInteger();
  private final List<Thread> workers = new ArrayList<>();
  private volatile int failure;

  private FuseLoop(
      String name, Pointer session, Pointer channel, long bufferBytes, Runnable onFailure) {
    this.name = name;
    this.session = session;
    this.channel = channel;
    this.bufferBytes = bufferBytes;
    this.onFailure = onFailure;
  }

  /**
   * Mounts with {@code argv} (as for {@code fuse_main}: program name, {@code -f}, mount point,
   * options) and serves {@code ops} until unmounted.
   *
   * @return 0 after a clean unmount, 1 if libfuse could not set up the mount (it printed why), or
   *     the negative errno of a failed read of /dev/fuse
   */
  static int run(FuseOperations ops, String[] argv, String name, Runnable onFailure) {
    LibFuseSession fuse = library();
    Runtime runtime = Runtime.getSystemRuntime();
    Pointer mountpoint = Memory.allocateDirect(runtime, runtime.addressSize(), true);
    Pointer multithreaded = Memory.allocateDirect(runtime, 4, true);
    Pointer f =
        fuse.fuse_setup(argv.length, argv, ops, Struct.size(ops), mountpoint, multithreaded, null);
    if (f == null || f.address() == 0) {
      return 1;
    }
    try {
      Pointer se = fuse.fuse_get_session(f);
      Pointer ch = fuse.fuse_session_next_chan(se, null);
      FuseLoop loop = new FuseLoop(name, se, ch, fuse.fuse_chan_bufsize(ch), onFailure);
      return loop.serve();
    } finally {
      fuse.fuse_teardown(f, mountpoint.getPointer(0));
    }
  }

  private static LibFuseSession library() {
    LibFuseSession l = lib;
    if (l == null) {
      try {
        l = LibraryLoader.create(LibFuseSession.class).failImmediately().load("fuse");
      } catch (LinkageError | RuntimeException e) {
        l = LibraryLoader.create(LibFuseSession.class).failImmediately().load("libfuse.so.2");
      }
      lib = l;
    }
    return l;
  }

  private int serve() {
    synchronized (workers) {
      for (int i = 0; i < INITIAL_WORKERS; i++) {
        startWorker();
      }
    }
    int joined = 0;
    boolean interrupted = false;
    while (true) {
      Thread next;
      synchronized (workers) {
        if (joined == workers.size()) {
          break;
        }
        next = workers.get(joined);
      }
      try {
        next.join();
        joined++;
      } catch (InterruptedException e) {
        interrupted = true; // the loop ends with the mount: an interrupt cannot stop native reads
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }

  /** Caller holds {@code workers}. */
  private void startWorker() {
    if (workers.size() >= MAX_WORKERS || lib.fuse_session_exited(session) != 0) {
      return;
    }
    Thread t = new Thread(this::work, name + "-" + workers.size());
    t.setDaemon(true);
    workers.add(t);
    idle.incrementAndGet();
    t.start();
  }

  private void work() {
    LibFuseSession fuse = lib;
    Pointer buffer = Memory.allocateDirect(runtime, (int) bufferBytes, false);
    Pointer chp = Memory.allocateDirect(runtime, runtime.addressSize(), true);
    try {
      while (fuse.fuse_session_exited(session) == 0) {
        chp.putPointer(0, channel);
        int res = fuse.fuse_chan_recv(chp, buffer, bufferBytes);
        if (res == -EINTR) {
          continue;
        }
        if (res <= 0) {
          if (res < 0 && fuse.fuse_session_exited(session) == 0) {
            failure = res;
            fuse.fuse_session_exit(session);
            LOG.error("reading /dev/fuse failed: errno={} mount loop ends", -res);
            onFailure.run();
          }
          return;
        }
        if (idle.decrementAndGet() == 0) {
          synchronized (workers) {
            startWorker();
          }
        }
        try {
          fuse.fuse_session_process(session, buffer, res, chp.getPointer(0));
        } finally {
          idle.incrementAndGet();
        }
      }
    } finally {
      idle.decrementAndGet();
    }
  }
}
