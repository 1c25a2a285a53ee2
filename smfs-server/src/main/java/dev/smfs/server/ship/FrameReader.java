package dev.smfs.server.ship;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reassembles the frames of one volume stream from session packets (a frame may span packets, a
 * packet may hold several frames) and verifies each frame's CRC. Not thread-safe: one reader per
 * stream, fed in delivery order.
 */
public final class FrameReader {
  private final int maxPayloadBytes;
  private final ByteBuffer header = ByteBuffer.allocate(ReplicationCodec.FRAME_HEADER_BYTES);
  private ByteBuffer payload; // null while reading a header

  /**
   * @param maxPayloadBytes frames announcing a longer payload are malformed (bounds memory)
   */
  public FrameReader(int maxPayloadBytes) {
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 1: " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * Consumes all remaining bytes of {@code chunk} (advancing its position), handing every completed
   * frame to {@code sink} in order.
   *
   * @throws MalformedReplicationException on a CRC mismatch or an impossible length; the reader is
   *     then unusable (the stream must be restarted)
   */
  public void feed(ByteBuffer chunk, Consumer<Frame> sink) {
    while (chunk.hasRemaining()) {
      if (payload == null) {
        copy(chunk, header);
        if (header.hasRemaining()) {
          return;
        }
        long len = header.getInt(ReplicationCodec.FRAME_OFFSET_LENGTH) & 0xFFFFFFFFL;
        if (len > maxPayloadBytes) {
          throw new MalformedReplicationException(
              "frame too long: lsn="
                  + header.getLong(ReplicationCodec.FRAME_OFFSET_LSN)
                  + " length="
                  + len
                  + " max="
                  + maxPayloadBytes);
        }
        payload = ByteBuffer.allocate((int) len);
      }
      copy(chunk, payload);
      if (payload.hasRemaining()) {
        return;
      }
      sink.accept(complete());
    }
    if (payload != null && !payload.hasRemaining()) {
      sink.accept(complete()); // a zero-length payload right at the end of a chunk
    }
  }

  /** True when no partial frame is pending. */
  public boolean atBoundary() {
    return payload == null && header.position() == 0;
  }

  private Frame complete() {
    payload.flip();
    long lsn = header.getLong(ReplicationCodec.FRAME_OFFSET_LSN);
    int type = header.getShort(ReplicationCodec.FRAME_OFFSET_TYPE) & 0xFFFF;
    int expected = header.getInt(ReplicationCodec.FRAME_OFFSET_CRC);
    int actual =
        ReplicationCodec.frameCrc(
            header.duplicate().position(0).limit(ReplicationCodec.FRAME_OFFSET_CRC), payload);
    if (expected != actual) {
      throw new MalformedReplicationException(
          "frame CRC mismatch: lsn="
              + lsn
              + " type="
              + type
              + " expectedCrc=0x"
              + Integer.toHexString(expected)
              + " actualCrc=0x"
              + Integer.toHexString(actual));
    }
    if (lsn < 1) {
      throw new MalformedReplicationException("frame with bad lsn: lsn=" + lsn);
    }
    Frame f = new Frame(lsn, type, payload);
    payload = null;
    header.clear();
    return f;
  }

  private static void copy(ByteBuffer from, ByteBuffer to) {
    int n = Math.min(from.remaining(), to.remaining());
    ByteBuffer part = from.duplicate();
    part.limit(part.position() + n);
    to.put(part);
    from.position(from.position() + n);
  }
}
