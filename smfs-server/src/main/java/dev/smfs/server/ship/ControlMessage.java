package dev.smfs.server.ship;

import java.util.Objects;
import java.util.UUID;

/** Messages on stream 0 (control), both directions. See {@link ReplicationCodec} for bytes. */
public sealed interface ControlMessage {

  /** The volume stream the message is about (≥ 1). */
  int streamId();

  private static void checkStream(int streamId) {
    if (streamId < 1) {
      throw new IllegalArgumentException("volume stream id must be >= 1: streamId=" + streamId);
    }
  }

  /**
   * Primary → mirror: ship volume {@code volume} on {@code streamId}.
   *
   * @param firstLsn oldest LSN the primary still stores
   * @param lastLsn newest LSN the primary has appended (0 if none)
   */
  record Attach(int streamId, UUID volume, long epoch, long firstLsn, long lastLsn)
      implements ControlMessage {
    public Attach {
      checkStream(streamId);
      Objects.requireNonNull(volume, "volume");
      if (epoch < 0 || firstLsn < 1 || lastLsn < firstLsn - 1) {
        throw new IllegalArgumentException(
            "bad attach: epoch=" + epoch + " firstLsn=" + firstLsn + " lastLsn=" + lastLsn);
      }
    }
  }

  /** Mirror → primary: send frames from {@code durableLsn + 1} (0: the replica is new). */
  record Attached(int streamId, long durableLsn) implements ControlMessage {
    public Attached {
      checkStream(streamId);
      if (durableLsn < 0) {
        throw new IllegalArgumentException("durableLsn must be >= 0: durableLsn=" + durableLsn);
      }
    }
  }

  /** Mirror → primary: the volume will not be replicated on this session. */
  record Refused(int streamId, RefuseReason reason) implements ControlMessage {
    public Refused {
      checkStream(streamId);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Mirror → primary: every record of the volume up to {@code lsn} is on the mirror's disk. */
  record Durable(int streamId, long lsn) implements ControlMessage {
    public Durable {
      checkStream(streamId);
      if (lsn < 0) {
        throw new IllegalArgumentException("lsn must be >= 0: lsn=" + lsn);
      }
    }
  }
}
