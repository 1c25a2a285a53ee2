package dev.smfs.mirror;

import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.ship.BaseCodec;
import dev.smfs.server.ship.Frame;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One replica volume on the mirror: a {@link LogVolume} in replica mode plus the mirror's
 * bookkeeping. {@link #ingest} runs on the mirror's ingest thread ({@link IngestThread}); {@code
 * ackedLsn} belongs to the group-commit thread; {@code owner} is guarded by the server's attach
 * lock.
 */
final class Replica implements AutoCloseable {
  final UUID uuid;
  final LogVolume volume;
  private volatile long announcedEpoch; // epoch of the first ATTACH while the log is still empty
  volatile PrimarySession.Attachment owner; // current primary attachment, or null
  long ackedLsn; // group-commit thread only

  private Replica(UUID uuid, LogVolume volume, long announcedEpoch) {
    this.uuid = uuid;
    this.volume = volume;
    this.announcedEpoch = announcedEpoch;
  }

  static Replica open(Path dir, UUID uuid, VolumeConfig config, long announcedEpoch)
      throws IOException {
    return open(dir, uuid, config, announcedEpoch, LogMetrics.noop());
  }

  /** As {@link #open(Path, UUID, VolumeConfig, long)}, the replica log's meters in {@code log}. */
  static Replica open(Path dir, UUID uuid, VolumeConfig config, long announcedEpoch, LogMetrics log)
      throws IOException {
    Replica r = new Replica(uuid, LogVolume.openReplica(dir, config, log), announcedEpoch);
    r.ackedLsn = r.volume.log().durableLsn();
    return r;
  }

  /** The volume's epoch: from its log, or as announced while nothing was applied yet. */
  long epoch() {
    return volume.lastLsn() == 0 || volume.basePending() ? announcedEpoch : volume.epoch();
  }

  void announceEpoch(long epoch) {
    announcedEpoch = epoch;
  }

  long lastLsn() {
    return volume.lastLsn();
  }

  /** Durable LSN to report: 0 while a base is installed (the replica is no file system yet). */
  long durableLsn() {
    return volume.basePending() ? 0 : volume.log().durableLsn();
  }

  /** Last LSN the group commit may acknowledge: 0 while a base is installed. */
  long ackableLsn() {
    return volume.basePending() ? 0 : volume.lastLsn();
  }

  /** True while a base is being installed (see {@link dev.smfs.server.ship.BaseCodec}). */
  boolean basePending() {
    return volume.basePending();
  }

  /**
   * Appends and applies a frame if it is the next LSN; handles the base frames of a new replica
   * joining after the primary cleaned its first records.
   *
   * @return true if the replica grew or completed its base (group commit has work); false for a
   *     duplicate (at or below the last LSN, re-sent after a reconnect) or a base frame
   * @throws IllegalStateException for a gap: the frame is not the next LSN (never applied), or a
   *     base frame out of place or of another volume
   * @throws dev.smfs.server.ship.MalformedReplicationException for a base frame that does not
   *     decode
   */
  boolean ingest(Frame f) throws IOException {
    if (BaseCodec.isBase(f.type())) {
      return ingestBase(f);
    }
    long last = volume.lastLsn();
    if (f.lsn() <= last) {
      return false;
    }
    long next = last == 0 && volume.basePending() ? volume.baseFirstLsn() : last + 1;
    if (f.lsn() != next) {
      throw new IllegalStateException(
          "gap in replicated log: volume=" + uuid + " lastLsn=" + last + " frameLsn=" + f.lsn());
    }
    volume.ingest(f.lsn(), f.type(), f.payload());
    return true;
  }

  private boolean ingestBase(Frame f) throws IOException {
    switch (f.type()) {
      case BaseCodec.TYPE_BASE_BEGIN -> {
        BaseCodec.Identity id = BaseCodec.decodeBegin(f.payload());
        checkIdentity(id, "BASE_BEGIN");
        volume.beginBase(f.lsn(), id.volume(), id.epoch());
        return false;
      }
      case BaseCodec.TYPE_BASE_CHUNK -> {
        volume.installBase(f.lsn(), BaseCodec.decodeChunk(f.payload()));
        return false;
      }
      default -> {
        BaseCodec.End end = BaseCodec.decodeEnd(f.payload());
        checkIdentity(end.identity(), "BASE_END");
        volume.endBase(f.lsn(), end.entries());
        return true;
      }
    }
  }

  private void checkIdentity(BaseCodec.Identity id, String what) {
    if (!id.volume().equals(uuid) || id.epoch() != announcedEpoch) {
      throw new IllegalStateException(
          what
              + " of another volume or epoch: volume="
              + uuid
              + " epoch="
              + announcedEpoch
              + " frameVolume="
              + id.volume()
              + " frameEpoch="
              + id.epoch());
    }
  }

  ReplicaStatus status() {
    PrimarySession.Attachment o = owner;
    return new ReplicaStatus(uuid, epoch(), lastLsn(), durableLsn(), o == null ? null : o.node());
  }

  @Override
  public void close() {
    volume.close();
  }
}
