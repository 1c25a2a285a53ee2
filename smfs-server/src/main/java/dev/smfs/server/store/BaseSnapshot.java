package dev.smfs.server.store;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A primary volume's index state at {@code lsn}, without log addresses: what a new, empty mirror
 * needs besides the retained log records [firstLsn, lsn] when the records before firstLsn were
 * cleaned away (their effects live only in the index). Taken by {@link LogVolume#baseSnapshot},
 * installed by {@link LogVolume#installBase} and {@link LogVolume#endBase}.
 *
 * @param lsn the last LSN whose effects the entries hold
 * @param entries index entries and extents, in no particular order
 */
public record BaseSnapshot(long lsn, UUID volume, long epoch, List<BaseEntry> entries) {
  public BaseSnapshot {
    Objects.requireNonNull(volume, "volume");
    entries = List.copyOf(entries);
    if (lsn < 1 || epoch < 0) {
      throw new IllegalArgumentException("bad base: lsn=" + lsn + " epoch=" + epoch);
    }
  }
}
