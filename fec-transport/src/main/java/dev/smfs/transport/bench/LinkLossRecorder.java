package dev.smfs.transport.bench;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.codec.PacketType;
import dev.smfs.transport.crypto.AuthenticationException;
import dev.smfs.transport.crypto.KeyRing;
import dev.smfs.transport.crypto.SealedFrameCodec;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.wan.DropObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Records which DATA packets the emulated link dropped, by session sequence number, reading the
 * type and sequence fields of the transport's wire format. Under a key the link only sees sealed
 * frames, so each dropped datagram is first opened with the bench's own key ring; this is a private
 * codec, not the receiver's, so the receiver's replay window never sees these packets (they never
 * reached it). A dropped datagram that does not open (wrong key, forged, clear) is not counted.
 *
 * <p>Written by the emulator's upstream relay thread only (which also owns the codec); read after
 * the run, once {@link #lostData()} (volatile, written last) has been read.
 */
final class LinkLossRecorder implements DropObserver {
  private static final UnpooledByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

  private final TransportSecurity security;
  private final SealedFrameCodec opener;
  private final LongArray seqs = new LongArray();
  private volatile long lostData;
  private long firstSeq;

  /**
   * @param security the bench's endpoints' protection; its ring opens sealed drops
   */
  LinkLossRecorder(TransportSecurity security) {
    this.security = security;
    this.opener = security.encrypted() ? new SealedFrameCodec() : null;
  }

  @Override
  public void dropped(ByteBuffer packet, Cause cause) {
    ByteBuf wire = Unpooled.wrappedBuffer(packet.duplicate());
    if (opener == null) {
      try {
        record(wire);
      } finally {
        wire.release();
      }
      return;
    }
    KeyRing ring = security.ring();
    ByteBuf plain;
    try {
      plain = opener.open(HEAP, ring, wire);
    } catch (AuthenticationException e) {
      return; // not a frame of this session's keys: nothing the bench sent
    } finally {
      wire.release();
    }
    try {
      record(plain);
    } finally {
      plain.release();
    }
  }

  /** Counts {@code datagram} (read in place, not released) if it is a DATA packet. */
  private void record(ByteBuf datagram) {
    int at = datagram.readerIndex();
    if (datagram.readableBytes() >= PacketCodec.DATA_OFFSET_SEQ + Long.BYTES
        && datagram.getUnsignedByte(at + PacketCodec.OFFSET_TYPE) == PacketType.DATA.code()) {
      seqs.add(datagram.getLong(at + PacketCodec.DATA_OFFSET_SEQ));
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
