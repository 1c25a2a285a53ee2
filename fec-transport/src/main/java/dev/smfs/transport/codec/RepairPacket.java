package dev.smfs.transport.codec;

import io.netty.buffer.ByteBuf;

/**
 * A REPAIR packet: the XOR of the symbols of data packets {@code firstSeq + i*stride}, {@code i <
 * count}, zero-padded to the longest, and the XOR of their symbol lengths.
 *
 * @param layer FEC layer index, 0-based, below 256
 * @param firstSeq first covered data sequence number, {@code >= 0}
 * @param stride distance between covered sequence numbers, at least 1
 * @param count number of covered data packets, 1..65535
 * @param xor XOR of the padded symbols, readable bytes only; owned by this packet (see {@link
 *     #release()})
 */
public record RepairPacket(
    long sessionId, int layer, long firstSeq, int stride, int count, int lengthXor, ByteBuf xor)
    implements Packet {

  public RepairPacket {
    if (layer < 0 || layer > 255) {
      throw new IllegalArgumentException("layer out of range: layer=" + layer);
    }
    if (firstSeq < 0) {
      // The decoder rejects a negative firstSeq, so the encoder must never produce one.
      throw new IllegalArgumentException("negative firstSeq: firstSeq=" + firstSeq);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be >= 1: stride=" + stride);
    }
    if (count < 1 || count > 0xFFFF) {
      throw new IllegalArgumentException("count out of range: count=" + count);
    }
    if (xor == null) {
      throw new IllegalArgumentException("xor is null");
    }
  }

  @Override
  public PacketType type() {
    return PacketType.REPAIR;
  }

  @Override
  public void release() {
    xor.release();
  }
}
