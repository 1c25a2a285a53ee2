package dev.smfs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Acknowledged writes, kept in this process's memory (outside the file system under test): what a
 * user was told is stored. Thread-safe: writers add concurrently.
 */
final class Ledger {
  /**
   * One acknowledged write.
   *
   * @param file name under the mount's root
   * @param offset byte offset in the file
   * @param length bytes written
   * @param sha256 digest of the bytes written
   */
  record Entry(String file, long offset, int length, byte[] sha256) {
    Entry {
      Objects.requireNonNull(file, "file");
      if (offset < 0 || length <= 0 || sha256.length != 32) {
        throw new IllegalArgumentException(
            "bad ledger entry: file=" + file + " offset=" + offset + " length=" + length);
      }
    }
  }

  private final List<Entry> entries = new ArrayList<>(); // guarded by this

  synchronized void add(Entry e) {
    entries.add(e);
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  synchronized int size() {
    return entries.size();
  }
}
