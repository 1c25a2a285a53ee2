package dev.smfs.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The fsync seam: every data sync of a segment goes through here so tests can count and stall them.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
interface Syncer {
  /**
   * The production syncer: {@code fdatasync} via {@link FileChannel#force(boolean) force(false)}.
   */
  Syncer FDATASYNC = ch -> ch.force(false);

  void force(FileChannel channel) throws IOException;
}
