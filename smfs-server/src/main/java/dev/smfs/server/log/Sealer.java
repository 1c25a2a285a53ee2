package dev.smfs.server.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Syncs sealed segments off the append path. The log tells it about every roll; it runs the log's
 * sync of the sealed segments not yet durable soon after, on its own thread. Notices coalesce: one
 * run covers every roll before it. The log keeps the list of what is unsynced and the failure
 * state, so a sealer holds nothing but a flag.
 */
interface Sealer {
  /** The log's action: sync every sealed segment not yet durable, oldest first. */
  @FunctionalInterface
  interface SyncAction {
    void syncSealed() throws IOException;
  }

  /** Makes a log's sealer. */
  @FunctionalInterface
  interface Factory {
    Sealer create(Path dir, SyncAction action);

    /** The production sealer: one daemon thread per log, started at the first roll. */
    Factory THREAD = SealerThread::new;
  }

  /** A segment was sealed (called under the log's append lock: must not block). */
  void sealed(Segment segment);

  /** Stops the sealer, waiting for a run in progress; the log has synced everything before. */
  void close();
}
