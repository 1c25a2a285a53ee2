package dev.smfs.server.ship;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Bytes of the replication protocol. Stateless and thread-safe; works on heap arrays and {@link
 * ByteBuffer}s (no Netty buffers: the session copies what it sends).
 *
 * <h2>HELLO token (session handshake)</h2>
 *
 * <pre>
 *  0 u32 magic 0x534D5250 ("SMRP")
 *  4 u8  protocol version (1)
 *  5 i64 primary node uuid, high bits
 * 13 i64 primary node uuid, low bits
 * 21 end
 * </pre>
 *
 * <h2>Control message (stream 0, one per session packet)</h2>
 *
 * <pre>
 *  0 u32 magic 0x534D5250
 *  4 u8  protocol version (1)
 *  5 u8  kind: 1 ATTACH, 2 ATTACHED, 3 REFUSED, 4 DURABLE
 *  6 u32 volume stream id (≥ 1)
 * 10     body:
 *        ATTACH   10 i64 volume uuid high, 18 i64 volume uuid low, 26 i64 epoch,
 *                 34 i64 firstLsn, 42 i64 lastLsn, 50 end
 *        ATTACHED 10 i64 durableLsn, 18 end
 *        REFUSED  10 u16 reason code ({@link RefuseReason#code()}), 12 end
 *        DURABLE  10 i64 lsn, 18 end
 * </pre>
 *
 * <h2>Record frame (volume streams, id ≥ 1)</h2>
 *
 * A volume stream is a byte stream of frames, cut into session packets without regard to frame
 * boundaries (the session delivers in order, exactly once). Its version is the one of the HELLO
 * token.
 *
 * <pre>
 *  0 i64 lsn
 *  8 u16 record type
 * 10 u32 payload length
 * 14 u32 CRC32C of bytes [0, 14) followed by the payload
 * 18     payload
 * </pre>
 */
public final class ReplicationCodec {
  public static final int MAGIC = 0x534D5250;
  public static final int VERSION = 1;

  public static final int OFFSET_MAGIC = 0;
  public static final int OFFSET_VERSION = OFFSET_MAGIC + 4;

  public static final int TOKEN_OFFSET_NODE_HIGH = OFFSET_VERSION + 1;
  public static final int TOKEN_OFFSET_NODE_LOW = TOKEN_OFFSET_NODE_HIGH + 8;
  public static final int TOKEN_BYTES = TOKEN_OFFSET_NODE_LOW + 8;

  public static final int CONTROL_OFFSET_KIND = OFFSET_VERSION + 1;
  public static final int CONTROL_OFFSET_STREAM = CONTROL_OFFSET_KIND + 1;
  public static final int CONTROL_OFFSET_BODY = CONTROL_OFFSET_STREAM + 4;
  public static final int ATTACH_BYTES = CONTROL_OFFSET_BODY + 5 * 8;
  public static final int ATTACHED_BYTES = CONTROL_OFFSET_BODY + 8;
  public static final int REFUSED_BYTES = CONTROL_OFFSET_BODY + 2;
  public static final int DURABLE_BYTES = CONTROL_OFFSET_BODY + 8;

  public static final int KIND_ATTACH = 1;
  public static final int KIND_ATTACHED = 2;
  public static final int KIND_REFUSED = 3;
  public static final int KIND_DURABLE = 4;

  public static final int FRAME_OFFSET_LSN = 0;
  public static final int FRAME_OFFSET_TYPE = FRAME_OFFSET_LSN + 8;
  public static final int FRAME_OFFSET_LENGTH = FRAME_OFFSET_TYPE + 2;
  public static final int FRAME_OFFSET_CRC = FRAME_OFFSET_LENGTH + 4;
  public static final int FRAME_HEADER_BYTES = FRAME_OFFSET_CRC + 4;

  /** The session stream that carries control messages. */
  public static final int CONTROL_STREAM = 0;

  private ReplicationCodec() {}

  // ---- token ----

  public static byte[] encodeToken(UUID node) {
    ByteBuffer b = ByteBuffer.allocate(TOKEN_BYTES);
    b.putInt(MAGIC).put((byte) VERSION);
    b.putLong(node.getMostSignificantBits()).putLong(node.getLeastSignificantBits());
    return b.array();
  }

  /**
   * @return the primary's node uuid
   * @throws MalformedReplicationException on a wrong length, magic or version
   */
  public static UUID decodeToken(byte[] token) {
    if (token.length != TOKEN_BYTES) {
      throw new MalformedReplicationException(
          "bad token length: expected=" + TOKEN_BYTES + " actual=" + token.length);
    }
    ByteBuffer b = ByteBuffer.wrap(token);
    checkMagicVersion(b);
    return new UUID(b.getLong(TOKEN_OFFSET_NODE_HIGH), b.getLong(TOKEN_OFFSET_NODE_LOW));
  }

  private static void checkMagicVersion(ByteBuffer b) {
    int magic = b.getInt(b.position() + OFFSET_MAGIC);
    if (magic != MAGIC) {
      throw new MalformedReplicationException(
          "bad magic: expected=0x"
              + Integer.toHexString(MAGIC)
              + " actual=0x"
              + Integer.toHexString(magic));
    }
    int version = b.get(b.position() + OFFSET_VERSION) & 0xFF;
    if (version != VERSION) {
      throw new MalformedReplicationException(
          "unsupported protocol version: expected=" + VERSION + " actual=" + version);
    }
  }

  // ---- control messages ----

  public static byte[] encode(ControlMessage m) {
    ByteBuffer b;
    if (m instanceof ControlMessage.Attach a) {
      b = header(ATTACH_BYTES, KIND_ATTACH, a.streamId());
      b.putLong(a.volume().getMostSignificantBits()).putLong(a.volume().getLeastSignificantBits());
      b.putLong(a.epoch()).putLong(a.firstLsn()).putLong(a.lastLsn());
    } else if (m instanceof ControlMessage.Attached a) {
      b = header(ATTACHED_BYTES, KIND_ATTACHED, a.streamId());
      b.putLong(a.durableLsn());
    } else if (m instanceof ControlMessage.Refused r) {
      b = header(REFUSED_BYTES, KIND_REFUSED, r.streamId());
      b.putShort((short) r.reason().code());
    } else {
      ControlMessage.Durable d = (ControlMessage.Durable) m;
      b = header(DURABLE_BYTES, KIND_DURABLE, d.streamId());
      b.putLong(d.lsn());
    }
    return b.array();
  }

  private static ByteBuffer header(int size, int kind, int streamId) {
    return ByteBuffer.allocate(size)
        .putInt(MAGIC)
        .put((byte) VERSION)
        .put((byte) kind)
        .putInt(streamId);
  }

  /**
   * Decodes the remaining bytes of {@code in} (position unchanged) as one control message.
   *
   * @throws MalformedReplicationException on bad magic, version, kind, length or field values
   */
  public static ControlMessage decodeControl(ByteBuffer in) {
    ByteBuffer b = in.slice();
    if (b.remaining() < CONTROL_OFFSET_BODY) {
      throw new MalformedReplicationException("control message too short: length=" + b.remaining());
    }
    checkMagicVersion(b);
    int kind = b.get(CONTROL_OFFSET_KIND) & 0xFF;
    int stream = b.getInt(CONTROL_OFFSET_STREAM);
    int expected =
        switch (kind) {
          case KIND_ATTACH -> ATTACH_BYTES;
          case KIND_ATTACHED -> ATTACHED_BYTES;
          case KIND_REFUSED -> REFUSED_BYTES;
          case KIND_DURABLE -> DURABLE_BYTES;
          default -> throw new MalformedReplicationException("unknown control kind: kind=" + kind);
        };
    if (b.remaining() != expected) {
      throw new MalformedReplicationException(
          "bad control length: kind="
              + kind
              + " expected="
              + expected
              + " actual="
              + b.remaining());
    }
    int p = CONTROL_OFFSET_BODY;
    try {
      return switch (kind) {
        case KIND_ATTACH ->
            new ControlMessage.Attach(
                stream,
                new UUID(b.getLong(p), b.getLong(p + 8)),
                b.getLong(p + 16),
                b.getLong(p + 24),
                b.getLong(p + 32));
        case KIND_ATTACHED -> new ControlMessage.Attached(stream, b.getLong(p));
        case KIND_REFUSED ->
            new ControlMessage.Refused(stream, RefuseReason.ofCode(b.getShort(p) & 0xFFFF));
        default -> new ControlMessage.Durable(stream, b.getLong(p));
      };
    } catch (IllegalArgumentException e) {
      throw new MalformedReplicationException(
          "bad control field: kind=" + kind + " " + e.getMessage());
    }
  }

  // ---- frames ----

  /**
   * Writes the 18-byte frame header for a record to {@code dst} at its position (advancing it).
   *
   * @param payload its remaining bytes are the record payload (position unchanged)
   */
  public static void putFrameHeader(ByteBuffer dst, long lsn, int type, ByteBuffer payload) {
    if (lsn < 1 || type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("bad frame: lsn=" + lsn + " type=" + type);
    }
    int start = dst.position();
    dst.putLong(lsn).putShort((short) type).putInt(payload.remaining());
    dst.putInt(frameCrc(dst.duplicate().position(start).limit(start + FRAME_OFFSET_CRC), payload));
  }

  /** CRC32C over the first 14 header bytes (remaining of {@code head}) and the payload. */
  static int frameCrc(ByteBuffer head, ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(head.duplicate());
    crc.update(payload.duplicate());
    return (int) crc.getValue();
  }

  /** A whole frame as bytes (header then payload), e.g. for tests and small records. */
  public static byte[] encodeFrame(long lsn, int type, ByteBuffer payload) {
    ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER_BYTES + payload.remaining());
    putFrameHeader(b, lsn, type, payload);
    b.put(payload.duplicate());
    return b.array();
  }
}
