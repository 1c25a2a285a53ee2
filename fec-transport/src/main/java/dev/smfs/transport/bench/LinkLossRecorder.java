package dev.smfs.transport.bench;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketType;
import dev.smfs.transport.wan.DropObserver;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Records which DATA packets the emulated link dropped, by session sequence number, reading the
 * type and sequence fields of the transport's wire format in place.
 *
 * <p>Written by the emulator's upstream relay thread only; read after the run, once {@link
 * #lostData()} (volatile, written last) has been read.
 */
final class LinkLossRecorder implements DropObserver {
  private final LongArray seqs = new LongArray();
  private volatile long lostData;
  private long firstSeq;

  @Override
  public void dropped(ByteBuffer packet, Cause cause) {
    if (packet.remaining() >= PacketCodec.DATA_OFFSET_SEQ + Long.BYTES
        && (packet.get(PacketCodec.OFFSET_TYPE) & 0xFF) == PacketType.DATA.code()) {
      seqs.add(packet.getLong(PacketCodec.DATA_OFFSET_SEQ));
      lostData = lostData + 1;
    }
  }

  /** DATA packets dropped, first transmissions and retransmissions alike. */
  long lostData() {
    return lostData;
  }

  /** Set after the run to the session seq of the first payload. */
  void setFirstSeq(long firstSeq) {
    this.firstSeq = firstSeq;
  }

  /** Distinct dropped DATA packets as bits at {@code seq - firstSeq}. */
  BitSet lostSeqs() {
    long n = lostData;
    BitSet out = new BitSet();
    for (int i = 0; i < n; i++) {
      long index = seqs.get(i) - firstSeq;
      if (index >= 0 && index <= Integer.MAX_VALUE) {
        out.set((int) index);
      }
    }
    return out;
  }
}
