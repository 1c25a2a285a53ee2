package dev.smfs.mirror;

import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.ship.Frame;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One replica volume on the mirror: a {@link LogVolume} in replica mode plus the mirror's
 * bookkeeping. {@link #ingest} runs on the transport event loop of the attached session; {@code
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

  /** The volume's epoch: from its log, or as announced while nothing arrived yet. */
  long epoch() {
    return volume.lastLsn() == 0 ? announcedEpoch : volume.epoch();
  }

  void announceEpoch(long epoch) {
    announcedEpoch = epoch;
  }

  long lastLsn() {
    return volume.lastLsn();
  }

  long durableLsn() {
    return volume.log().durableLsn();
  }

  /**
   * Appends and applies a frame if it is the next LSN.
   *
   * @return false for a duplicate (at or below the last LSN, re-sent after a reconnect)
   * @throws IllegalStateException for a gap: the frame is not the next LSN (never applied)
   */
  boolean ingest(Frame f) throws IOException {
    long last = volume.lastLsn();
    if (f.lsn() <= last) {
      return false;
    }
    if (f.lsn() != last + 1) {
      throw new IllegalStateException(
          "gap in replicated log: volume=" + uuid + " lastLsn=" + last + " frameLsn=" + f.lsn());
    }
    volume.ingest(f.lsn(), f.type(), f.payload());
    return true;
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
