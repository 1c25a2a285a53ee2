package dev.smfs.transport.codec;

import java.util.List;

/**
 * An ACK for the peer's data stream.
 *
 * @param cumulativeSeq every data seq below it was received or recovered
 * @param naks missing ranges the receiver asks to be retransmitted, ascending, each at or above
 *     {@code cumulativeSeq}; at most {@link #MAX_NAKS}
 */
public record AckPacket(long sessionId, long cumulativeSeq, List<SeqRange> naks) implements Packet {

  /** Upper bound on NAK ranges per ACK, so an ACK always fits a minimum-size packet budget. */
  public static final int MAX_NAKS = 64;

  public AckPacket {
    if (cumulativeSeq < 0) {
      throw new IllegalArgumentException("negative cumulativeSeq=" + cumulativeSeq);
    }
    naks = List.copyOf(naks);
    if (naks.size() > MAX_NAKS) {
      throw new IllegalArgumentException("too many naks: count=" + naks.size());
    }
    long floor = cumulativeSeq;
    for (SeqRange r : naks) {
      if (r.from() < floor) {
        throw new IllegalArgumentException(
            "nak ranges must ascend from cumulativeSeq: from=" + r.from() + " floor=" + floor);
      }
      floor = r.to();
    }
  }

  @Override
  public PacketType type() {
    return PacketType.ACK;
  }
}
