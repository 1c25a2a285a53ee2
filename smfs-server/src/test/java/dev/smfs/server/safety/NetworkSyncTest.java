package dev.smfs.server.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.Log;
import dev.smfs.server.ship.Coverage;
import dev.smfs.transport.session.SessionClosedException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order of network-sync's two waits, against a scripted coverage and log. */
@Timeout(30)
class NetworkSyncTest {

  /** Hands out the futures a test prepared, in order, and records each request. */
  private static final class ScriptedCoverage implements Coverage {
    final List<CompletableFuture<Void>> script = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    volatile boolean unreachable;
    int kicks;

    @Override
    public UUID uuid() {
      return new UUID(7, 7);
    }

    @Override
    public void kick() {
      kicks++;
    }

    @Override
    public boolean unreachable() {
      return unreachable;
    }

    @Override
    public CompletableFuture<Void> covered(long lsn, int k) {
      requests.add("lsn=" + lsn + " k=" + k);
      return script.remove(0);
    }
  }

  /** A log whose only supported call is awaitDurable, which runs {@code onFsync}. */
  private static Log log(IoAction onFsync) {
    return (Log)
        Proxy.newProxyInstance(
            Log.class.getClassLoader(),
            new Class<?>[] {Log.class},
            (proxy, method, args) -> {
              if (method.getName().equals("awaitDurable")) {
                onFsync.run();
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Test
  void coverageIsRequestedBeforeTheLocalFsync() throws Exception {
    ScriptedCoverage coverage = new ScriptedCoverage();
    coverage.script.add(CompletableFuture.completedFuture(null));
    List<Integer> requestsSeenByFsync = new ArrayList<>();
    new NetworkSync(coverage, 3)
        .await(log(() -> requestsSeenByFsync.add(coverage.requests.size())), 42);
    assertEquals(List.of(1), requestsSeenByFsync, "the fsync ran after the coverage request");
    assertEquals(List.of("lsn=42 k=3"), coverage.requests);
    assertEquals(1, coverage.kicks);
  }

  @Test
  void returnsOnlyOnceTheCoverageCompletes() throws Exception {
    ScriptedCoverage coverage = new ScriptedCoverage();
    CompletableFuture<Void> pending = new CompletableFuture<>();
    coverage.script.add(pending);
    Thread awaiting = Thread.currentThread();
    // Completes the coverage only once this thread is parked waiting for it (no timing involved).
    Thread completer =
        new Thread(
            () -> {
              while (awaiting.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
              }
              pending.complete(null);
            });
    List<Boolean> doneWhenFsynced = new ArrayList<>();
    new NetworkSync(coverage, 2)
        .await(
            log(
                () -> {
                  doneWhenFsynced.add(pending.isDone());
                  completer.start();
                }),
            5);
    assertEquals(List.of(false), doneWhenFsynced);
    assertTrue(pending.isDone(), "returned before its coverage");
    completer.join();
  }

  @Test
  void aCoverageWaitEndedBySessionLossIsAskedAgain() throws Exception {
    ScriptedCoverage coverage = new ScriptedCoverage();
    coverage.script.add(
        CompletableFuture.failedFuture(new SessionClosedException("session ended")));
    coverage.script.add(CompletableFuture.completedFuture(null));
    new NetworkSync(coverage, 1).await(log(() -> {}), 9);
    assertEquals(List.of("lsn=9 k=1", "lsn=9 k=1"), coverage.requests);
  }

  @Test
  void anUnreachableMirrorIsNotAskedAndTheWriteIsLocallyDurable() throws Exception {
    ScriptedCoverage coverage = new ScriptedCoverage();
    coverage.unreachable = true;
    List<String> fsyncs = new ArrayList<>();
    new NetworkSync(coverage, 3).await(log(() -> fsyncs.add("fsync")), 11);
    assertEquals(List.of("fsync"), fsyncs);
    assertEquals(List.of(), coverage.requests);
  }

  @Test
  void aFailedFsyncFailsTheWrite() {
    ScriptedCoverage coverage = new ScriptedCoverage();
    coverage.script.add(new CompletableFuture<>());
    IOException failure = new IOException("fdatasync failed");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                new NetworkSync(coverage, 3)
                    .await(
                        log(
                            () -> {
                              throw failure;
                            }),
                        1));
    assertSame(failure, thrown);
  }
}
