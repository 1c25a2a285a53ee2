package dev.smfs.transport.codec;

import io.netty.buffer.ByteBuf;

/**
 * A DATA packet. Its {@code symbol} is the FEC symbol: the 4-byte stream id followed by the
 * payload, exactly the bytes the FEC layer protects, so a recovered symbol rebuilds the packet.
 *
 * @param seq session-wide data sequence number, {@code >= 0}
 * @param symbol stream id (big-endian int) then payload, readable bytes only; owned by this packet
 *     (see {@link #release()})
 */
public record DataPacket(long sessionId, long seq, ByteBuf symbol) implements Packet {

  /** Bytes of the stream id at the start of a symbol. */
  public static final int STREAM_ID_BYTES = 4;

  public DataPacket {
    if (seq < 0) {
      // The decoder rejects a negative seq, so the encoder must never produce one.
      throw new IllegalArgumentException("negative seq: seq=" + seq);
    }
    if (symbol == null || symbol.readableBytes() < STREAM_ID_BYTES) {
      throw new IllegalArgumentException(
          "symbol too short: bytes=" + (symbol == null ? -1 : symbol.readableBytes()));
    }
  }

  @Override
  public PacketType type() {
    return PacketType.DATA;
  }

  public int streamId() {
    return symbol.getInt(symbol.readerIndex());
  }

  /** The payload as a slice of {@link #symbol()}: not retained, valid until release. */
  public ByteBuf payload() {
    return symbol.slice(
        symbol.readerIndex() + STREAM_ID_BYTES, symbol.readableBytes() - STREAM_ID_BYTES);
  }

  @Override
  public void release() {
    symbol.release();
  }
}
