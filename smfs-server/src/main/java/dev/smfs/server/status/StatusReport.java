package dev.smfs.server.status;

import java.util.List;
import java.util.Locale;

/**
 * A daemon's state as {@code smfs status} shows it; written by the daemon to {@code
 * DATA/status.json} every second ({@link StatusPublisher}).
 *
 * @param role who wrote it
 * @param writtenAtMillis wall-clock time of writing, epoch milliseconds
 * @param pid process id of the writer
 * @param version build version of the writer
 * @param safety the mount's safety level ({@code async}, {@code local-sync}, {@code network-sync},
 *     {@code remote-sync}); null for a mirror
 * @param volumes volumes served, possibly empty
 * @param mirror the primary's link to its mirror; null when not mirrored or for a mirror
 * @param fec FEC parameters and observed loss of the link; null without a link
 */
public record StatusReport(
    Role role,
    long writtenAtMillis,
    long pid,
    String version,
    String safety,
    List<VolumeStatus> volumes,
    MirrorLink mirror,
    FecStatus fec) {

  public StatusReport {
    if (role == null) {
      throw new IllegalArgumentException("status needs a role");
    }
    if (version == null) {
      throw new IllegalArgumentException("status needs a version: role=" + role);
    }
    if (safety != null
        && !List.of("async", "local-sync", "network-sync", "remote-sync").contains(safety)) {
      throw new IllegalArgumentException("unknown safety level: safety=" + safety);
    }
    volumes = List.copyOf(volumes);
  }

  /** A report stamped with the current time and this process's pid. */
  public static StatusReport now(
      Role role,
      String version,
      String safety,
      List<VolumeStatus> volumes,
      MirrorLink mirror,
      FecStatus fec) {
    return new StatusReport(
        role,
        System.currentTimeMillis(),
        ProcessHandle.current().pid(),
        version,
        safety,
        volumes,
        mirror,
        fec);
  }

  /** Which daemon wrote the report. */
  public enum Role {
    PRIMARY,
    MIRROR;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Role ofTag(String tag) {
      for (Role r : values()) {
        if (r.tag().equals(tag)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown role: role=" + tag);
    }
  }

  /**
   * One volume.
   *
   * @param uuid volume id
   * @param epoch promotion epoch (incremented by every promote)
   * @param lastLsn last appended LSN
   * @param durableLsn highest LSN durable on local disk
   * @param mirrorDurableLsn highest LSN the mirror acknowledged as durable; -1 when unknown or not
   *     mirrored
   */
  public record VolumeStatus(
      String uuid, long epoch, long lastLsn, long durableLsn, long mirrorDurableLsn) {
    public VolumeStatus {
      if (uuid == null || uuid.isEmpty()) {
        throw new IllegalArgumentException("volume needs a uuid");
      }
      if (epoch < 0 || lastLsn < 0 || durableLsn < 0 || mirrorDurableLsn < -1) {
        throw new IllegalArgumentException(
            "volume status negative: uuid="
                + uuid
                + " epoch="
                + epoch
                + " lastLsn="
                + lastLsn
                + " durableLsn="
                + durableLsn
                + " mirrorDurableLsn="
                + mirrorDurableLsn);
      }
    }
  }

  /**
   * State of the primary's link to its mirror; the same constants as the shipper's {@code
   * dev.smfs.server.ship.ReplicationState}, so {@code LinkState.valueOf(state.name())} converts.
   */
  public enum LinkState {
    /** Not connected yet, first attempt under way. */
    CONNECTING,
    /** Attached and shipping the log as it grows. */
    CONNECTED,
    /** Attached, sending records the mirror lacked at attach time. */
    CATCHING_UP,
    /** The mirror is unreachable or refused the volume: the log queues up, lag grows. */
    DEGRADED;

    public String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LinkState ofTag(String tag) {
      for (LinkState s : values()) {
        if (s.tag().equals(tag)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown link state: state=" + tag);
    }
  }

  /**
   * The primary's mirror link.
   *
   * @param address mirror HOST:PORT
   * @param state link state
   * @param lagLsn sum over volumes of last LSN minus mirror-durable LSN
   * @param lagBytes log bytes not yet durable on the mirror
   * @param lagSeconds age of the oldest record not yet durable on the mirror
   */
  public record MirrorLink(
      String address, LinkState state, long lagLsn, long lagBytes, double lagSeconds) {
    public MirrorLink {
      if (address == null || state == null) {
        throw new IllegalArgumentException("mirror link needs address and state");
      }
      if (lagLsn < 0 || lagBytes < 0 || !(lagSeconds >= 0)) {
        throw new IllegalArgumentException(
            "mirror lag negative: lagLsn="
                + lagLsn
                + " lagBytes="
                + lagBytes
                + " lagSeconds="
                + lagSeconds);
      }
    }
  }

  /**
   * FEC of the link.
   *
   * @param r packets per repair group
   * @param c layers
   * @param interleaves one per layer
   * @param minRepairs repairs a packet must be covered by before network-sync releases it
   * @param observedLoss recent fraction of packets lost on the link, NaN when unknown
   */
  public record FecStatus(
      int r, int c, List<Integer> interleaves, int minRepairs, double observedLoss) {
    public FecStatus {
      interleaves = List.copyOf(interleaves);
      if (r < 1 || c < 1 || interleaves.size() != c || minRepairs < 0) {
        throw new IllegalArgumentException(
            "fec status invalid: r="
                + r
                + " c="
                + c
                + " interleaves="
                + interleaves
                + " minRepairs="
                + minRepairs);
      }
      if (!Double.isNaN(observedLoss) && (observedLoss < 0 || observedLoss > 1)) {
        throw new IllegalArgumentException("observed loss out of range: loss=" + observedLoss);
      }
    }

    /**
     * Probability that one in-flight network-sync packet is lost if the primary site fails now, per
     * {@link RedundancyModel}; NaN when the loss is unknown.
     */
    public double packetLossProbability() {
      return Double.isNaN(observedLoss)
          ? Double.NaN
          : RedundancyModel.packetLossProbability(r, c, observedLoss);
    }
  }
}
