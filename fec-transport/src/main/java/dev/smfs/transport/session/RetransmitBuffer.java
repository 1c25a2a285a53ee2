package dev.smfs.transport.session;

import io.netty.buffer.ByteBuf;

/**
 * Encoded DATA packets sent but not yet cumulatively acknowledged, indexed by sequence number in a
 * ring of {@code capacity} slots (the send window guarantees at most that many are held).
 *
 * <p>Owns every buffer it holds: {@link #put} takes ownership, {@link #releaseBelow} and {@link
 * #releaseAll} release. Not thread-safe: confined to the session's event loop.
 */
final class RetransmitBuffer {
  private final ByteBuf[] packets;
  private final long[] lastSentNanos;
  private final long[] firstSentNanos;
  private final boolean[] queued;
  private final boolean[] resent; // sent more than once: no RTT sample (Karn)

  /** Lowest sequence number not yet acknowledged; every slot below it is empty. */
  private long base;

  /** One past the highest sequence number put. */
  private long limit;

  RetransmitBuffer(int capacity, long initialSeq) {
    packets = new ByteBuf[capacity];
    lastSentNanos = new long[capacity];
    firstSentNanos = new long[capacity];
    queued = new boolean[capacity];
    resent = new boolean[capacity];
    base = initialSeq;
    limit = initialSeq;
  }

  /**
   * Holds {@code packet} for sequence {@code seq}, which must be the next one ({@link #limit()}).
   *
   * @param packet ownership passes to this buffer
   */
  void put(long seq, ByteBuf packet) {
    if (seq != limit || seq - base >= packets.length) {
      packet.release();
      throw new IllegalStateException(
          "out-of-order or over-capacity put: seq="
              + seq
              + " limit="
              + limit
              + " base="
              + base
              + " capacity="
              + packets.length);
    }
    int slot = slot(seq);
    packets[slot] = packet;
    lastSentNanos[slot] = Long.MIN_VALUE;
    queued[slot] = false;
    resent[slot] = false;
    limit = seq + 1;
  }

  /** The held packet for {@code seq}, not retained (valid until released here), or null. */
  ByteBuf get(long seq) {
    return contains(seq) ? packets[slot(seq)] : null;
  }

  boolean contains(long seq) {
    return seq >= base && seq < limit;
  }

  /**
   * Releases every packet below {@code seq} (clipped to what was put).
   *
   * @return how many packets were released (window slots to return)
   */
  int releaseBelow(long seq) {
    long to = Math.min(seq, limit);
    int released = 0;
    for (; base < to; base++) {
      int slot = slot(base);
      packets[slot].release();
      packets[slot] = null;
      released++;
    }
    return released;
  }

  /** Releases everything (session end). @return packets released */
  int releaseAll() {
    return releaseBelow(limit);
  }

  void markSent(long seq, long nowNanos) {
    if (contains(seq)) {
      int slot = slot(seq);
      if (lastSentNanos[slot] != Long.MIN_VALUE) {
        resent[slot] = true;
      } else {
        firstSentNanos[slot] = nowNanos;
      }
      lastSentNanos[slot] = nowNanos;
      queued[slot] = false;
    }
  }

  /** When {@code seq} was first transmitted, or {@link Long#MIN_VALUE} if not held or not sent. */
  long firstSentNanos(long seq) {
    if (!contains(seq) || lastSentNanos[slot(seq)] == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return firstSentNanos[slot(seq)];
  }

  /**
   * The time from {@code seq}'s transmission to {@code nowNanos}, its acknowledgement, if it is
   * held and was sent exactly once; -1 otherwise (a retransmitted packet's ACK may answer either
   * copy).
   */
  long rttSample(long seq, long nowNanos) {
    if (!contains(seq)) {
      return -1;
    }
    int slot = slot(seq);
    long sent = lastSentNanos[slot];
    return sent == Long.MIN_VALUE || resent[slot] ? -1 : nowNanos - sent;
  }

  long lastSentNanos(long seq) {
    return lastSentNanos[slot(seq)];
  }

  /**
   * Marks {@code seq} queued for retransmission unless it is gone, already queued, or was sent less
   * than {@code minGapNanos} ago.
   *
   * @return true if the caller should queue it
   */
  boolean claimRetransmit(long seq, long nowNanos, long minGapNanos) {
    if (!contains(seq)) {
      return false;
    }
    int slot = slot(seq);
    long last = lastSentNanos[slot];
    if (queued[slot] || (last != Long.MIN_VALUE && nowNanos - last < minGapNanos)) {
      return false;
    }
    queued[slot] = true;
    return true;
  }

  long base() {
    return base;
  }

  int size() {
    return (int) (limit - base);
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) packets.length);
  }
}
