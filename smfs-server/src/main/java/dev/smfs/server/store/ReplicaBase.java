package dev.smfs.server.store;

import dev.smfs.server.index.Extent;
import dev.smfs.server.index.Index;
import dev.smfs.server.index.IndexTxn;
import dev.smfs.server.log.LogAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A base being installed on an empty replica whose log starts at {@code firstLsn} > 1 (the primary
 * cleaned the records before it). Between {@link LogVolume#beginBase} and {@link LogVolume#endBase}
 * the replica stores the primary's records [firstLsn, base LSN] without applying them (their
 * effects arrive with the base), remembering where each data record landed so that the base's
 * extents, named by LSN, can point at the replica's own copy.
 *
 * <p>Invariant: the index's applied LSN stays 0 until {@link #end}, whose batch sets it to the base
 * LSN; a replica found at open with applied LSN 0 and a log starting past LSN 1 holds an unfinished
 * base and is discarded. Not thread-safe: used under the volume's write lock.
 */
final class ReplicaBase {
  final long firstLsn;
  final UUID volume;
  final long epoch;
  private final Map<Long, LogAddress> dataRecords = new HashMap<>();
  private long installed;

  ReplicaBase(long firstLsn, UUID volume, long epoch) {
    if (firstLsn < 2) {
      throw new IllegalArgumentException("a base starts past LSN 1: firstLsn=" + firstLsn);
    }
    this.firstLsn = firstLsn;
    this.volume = volume;
    this.epoch = epoch;
  }

  /** Notes where record {@code lsn} of {@code type} was stored (only data records matter). */
  void stored(long lsn, int type, LogAddress address) {
    if (RecordType.carriesData(type)) {
      dataRecords.put(lsn, address);
    }
  }

  /**
   * Installs {@code entries} in one index batch; applied LSN stays 0.
   *
   * @throws IllegalStateException if an extent names a record the replica did not store
   */
  void install(Index index, List<BaseEntry> entries) {
    IndexTxn t = index.begin();
    for (BaseEntry e : entries) {
      if (e instanceof BaseEntry.IndexEntry ie) {
        t.putBaseEntry(ie.key(), ie.value());
        continue;
      }
      BaseEntry.ExtentRef x = (BaseEntry.ExtentRef) e;
      LogAddress a = dataRecords.get(x.lsn());
      if (a == null) {
        throw new IllegalStateException(
            "base extent names a record the replica does not hold: volume="
                + volume
                + " ino="
                + x.ino()
                + " fileOffset="
                + x.fileOffset()
                + " lsn="
                + x.lsn()
                + " firstLsn="
                + firstLsn);
      }
      t.putExtent(
          new Extent(
              x.ino(),
              x.fileOffset(),
              a.segmentId(),
              a.offset(),
              x.dataOffset(),
              x.length(),
              x.lsn()));
      t.addLiveBytes(a.segmentId(), x.length());
    }
    t.commit(0);
    installed += entries.size();
  }

  /**
   * Checks the base is whole and is the announced volume's, then sets the applied LSN to {@code
   * lsn} in one batch.
   *
   * @throws IllegalStateException if entries are missing or identity facts disagree
   */
  void end(Index index, long lsn, long entries) {
    if (entries != installed) {
      throw new IllegalStateException(
          "base incomplete: volume=" + volume + " expected=" + entries + " installed=" + installed);
    }
    IndexTxn t = index.begin();
    UUID got = new UUID(t.meta(Index.META_UUID_HIGH), t.meta(Index.META_UUID_LOW));
    long gotEpoch = t.meta(Index.META_EPOCH);
    if (!got.equals(volume) || gotEpoch != epoch) {
      throw new IllegalStateException(
          "base of another volume: expected="
              + volume
              + "/"
              + epoch
              + " actual="
              + got
              + "/"
              + gotEpoch);
    }
    t.commit(lsn);
  }
}
