package dev.smfs.server.store;

import java.util.Objects;

/**
 * One item of a volume's base (see {@link BaseSnapshot}): an index entry carried verbatim, or an
 * extent named by the LSN of the record holding its bytes (log addresses differ between a primary
 * and its mirror, LSNs and payloads do not).
 */
public sealed interface BaseEntry {

  /** An index entry, key and value as the index stores them. */
  record IndexEntry(byte[] key, byte[] value) implements BaseEntry {
    public IndexEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.length == 0) {
        throw new IllegalArgumentException("empty index key");
      }
    }
  }

  /**
   * Bytes [{@code fileOffset}, {@code fileOffset + length}) of {@code ino} are at payload offset
   * {@code dataOffset} of the data record with LSN {@code lsn}.
   */
  record ExtentRef(long ino, long fileOffset, long lsn, int dataOffset, int length)
      implements BaseEntry {
    public ExtentRef {
      if (ino <= 0 || fileOffset < 0 || lsn < 1 || dataOffset < 0 || length <= 0) {
        throw new IllegalArgumentException(
            "bad extent ref: ino="
                + ino
                + " fileOffset="
                + fileOffset
                + " lsn="
                + lsn
                + " dataOffset="
                + dataOffset
                + " length="
                + length);
      }
    }
  }
}
