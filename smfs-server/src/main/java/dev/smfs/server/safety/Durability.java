package dev.smfs.server.safety;

import dev.smfs.server.log.Log;
import java.io.IOException;

/**
 * When a mutating volume call may return: the volume calls {@link #await} with the LSN of the
 * operation's last record, outside its mutation lock, so that concurrent callers share fsyncs.
 * Implementations must be thread-safe.
 *
 * <p>{@link #ASYNC} and {@link #LOCAL_SYNC} are local; the mirroring code adds network-sync and
 * remote-sync implementations that wait for the shipper as well.
 */
@FunctionalInterface
public interface Durability {
  /**
   * Returns once the record with {@code lsn} (and all before it) is as safe as this level requires.
   * {@code log} is the volume's log.
   *
   * @throws java.io.InterruptedIOException if interrupted (the interrupt flag is restored)
   * @throws IOException if the level cannot be reached (failed fsync, lost link)
   */
  void await(Log log, long lsn) throws IOException;

  /** Returns at once: the record is in the primary's memory (OS page cache) only. */
  Durability ASYNC = (log, lsn) -> {};

  /** Returns once the record is on the primary's stable storage (group-committed fsync). */
  Durability LOCAL_SYNC = (log, lsn) -> log.awaitDurable(lsn);
}
