package dev.smfs.transport.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes transport packets. All integers are big-endian; offsets are from the first
 * byte of the packet.
 *
 * <pre>
 * frame (every type):
 *   0  magic      u16  0x534D ("SM")
 *   2  version    u8   1
 *   3  type       u8   {@link PacketType#code()}
 *   4  flags      u8   0, except HEARTBEAT: bit0 = reply
 *   5  session id u64
 *  13  body       type-specific, below
 *  len-4 crc32c   u32  CRC32C of bytes [0, len-4)
 *
 * DATA      13 seq u64 | 21 stream id u32 | 25 payload ...        (FEC symbol = [21, len-4))
 * REPAIR    13 layer u8 | 14 first seq u64 | 22 stride u32 | 26 count u16 | 28 length xor u32
 *           | 32 xor ...
 * ACK       13 cumulative seq u64 | 21 nak count u16 | 23 nak count x (from u64, to u64)
 * HELLO,    13 r u8 | 14 c u8 | 15 c x interleave u32 | then: max packet bytes u32,
 * HELLO_ACK initial seq u64, token length u16, token bytes (at most 256), and optionally
 *           receive capacity u32 (datagrams; absent or 0: unknown)
 * HEARTBEAT 13 timestamp nanos u64 | 21 receiver loss ppm u32 (0xFFFFFFFF: unknown)
 * CLOSE     13 reason code u16
 * </pre>
 *
 * <p>Thread-safety: immutable, safe to share.
 */
public final class PacketCodec {
  public static final int MAGIC = 0x534D;
  public static final int VERSION = 1;
  public static final int FLAG_REPLY = 0x01;

  public static final int OFFSET_MAGIC = 0;
  public static final int OFFSET_VERSION = OFFSET_MAGIC + 2;
  public static final int OFFSET_TYPE = OFFSET_VERSION + 1;
  public static final int OFFSET_FLAGS = OFFSET_TYPE + 1;
  public static final int OFFSET_SESSION_ID = OFFSET_FLAGS + 1;
  public static final int HEADER_BYTES = OFFSET_SESSION_ID + 8;
  public static final int TRAILER_BYTES = 4;

  public static final int DATA_OFFSET_SEQ = HEADER_BYTES;
  public static final int DATA_OFFSET_SYMBOL = DATA_OFFSET_SEQ + 8;
  public static final int DATA_OFFSET_STREAM_ID = DATA_OFFSET_SYMBOL;
  public static final int DATA_OFFSET_PAYLOAD = DATA_OFFSET_STREAM_ID + 4;
  public static final int DATA_OVERHEAD_BYTES = DATA_OFFSET_PAYLOAD + TRAILER_BYTES;

  public static final int REPAIR_OFFSET_LAYER = HEADER_BYTES;
  public static final int REPAIR_OFFSET_FIRST_SEQ = REPAIR_OFFSET_LAYER + 1;
  public static final int REPAIR_OFFSET_STRIDE = REPAIR_OFFSET_FIRST_SEQ + 8;
  public static final int REPAIR_OFFSET_COUNT = REPAIR_OFFSET_STRIDE + 4;
  public static final int REPAIR_OFFSET_LENGTH_XOR = REPAIR_OFFSET_COUNT + 2;
  public static final int REPAIR_OFFSET_XOR = REPAIR_OFFSET_LENGTH_XOR + 4;
  public static final int REPAIR_OVERHEAD_BYTES = REPAIR_OFFSET_XOR + TRAILER_BYTES;

  public static final int ACK_OFFSET_CUMULATIVE = HEADER_BYTES;
  public static final int ACK_OFFSET_NAK_COUNT = ACK_OFFSET_CUMULATIVE + 8;
  public static final int ACK_OFFSET_NAKS = ACK_OFFSET_NAK_COUNT + 2;
  public static final int ACK_NAK_BYTES = 16;

  public static final int HELLO_OFFSET_R = HEADER_BYTES;
  public static final int HELLO_OFFSET_C = HELLO_OFFSET_R + 1;
  public static final int HELLO_OFFSET_INTERLEAVES = HELLO_OFFSET_C + 1;

  /** Bytes after the interleaves: max packet bytes, initial seq, token length. */
  public static final int HELLO_TAIL_FIXED_BYTES = 4 + 8 + 2;

  public static final int HEARTBEAT_OFFSET_TIMESTAMP = HEADER_BYTES;
  public static final int HEARTBEAT_OFFSET_RX_LOSS = HEARTBEAT_OFFSET_TIMESTAMP + 8;
  public static final int HEARTBEAT_BODY_BYTES = 12;
  public static final int CLOSE_OFFSET_REASON = HEADER_BYTES;

  /** Smallest allowed max packet size: the classic IPv4 minimum datagram a host must accept. */
  public static final int MIN_MAX_PACKET_BYTES = 576;

  private final int maxPacketBytes;

  /**
   * @param maxPacketBytes largest datagram encoded or accepted, at least 576
   */
  public PacketCodec(int maxPacketBytes) {
    if (maxPacketBytes < MIN_MAX_PACKET_BYTES || maxPacketBytes > 65_507) {
      throw new IllegalArgumentException("maxPacketBytes out of range: " + maxPacketBytes);
    }
    this.maxPacketBytes = maxPacketBytes;
  }

  public int maxPacketBytes() {
    return maxPacketBytes;
  }

  /** Largest FEC symbol such that both its DATA and its REPAIR packets fit the max size. */
  public int maxSymbolBytes() {
    return maxPacketBytes - REPAIR_OVERHEAD_BYTES;
  }

  /** Largest DATA payload: {@link #maxSymbolBytes()} less the stream id. */
  public int maxPayloadBytes() {
    return maxSymbolBytes() - DataPacket.STREAM_ID_BYTES;
  }

  /** Most NAK ranges an ACK may carry within the max packet size. */
  public int maxNakRanges() {
    int fit = (maxPacketBytes - ACK_OFFSET_NAKS - TRAILER_BYTES) / ACK_NAK_BYTES;
    return Math.min(AckPacket.MAX_NAKS, fit);
  }

  /**
   * Encodes a DATA packet straight from its parts (the send path, no intermediate record).
   *
   * @param payload read from its reader index without moving it; not released (caller owns it)
   * @return a new buffer owned by the caller
   * @throws IllegalArgumentException if the payload exceeds {@link #maxPayloadBytes()}
   */
  public ByteBuf encodeData(
      ByteBufAllocator alloc, long sessionId, long seq, int streamId, ByteBuf payload) {
    if (payload.readableBytes() > maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "payload too large: bytes=" + payload.readableBytes() + " max=" + maxPayloadBytes());
    }
    int len = DATA_OVERHEAD_BYTES + payload.readableBytes();
    ByteBuf out = alloc.buffer(len, len);
    writeHeader(out, PacketType.DATA, 0, sessionId);
    out.writeLong(seq);
    out.writeInt(streamId);
    out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    return finish(out);
  }

  /**
   * The FEC symbol (stream id and payload) of an encoded DATA packet, as a slice.
   *
   * @param encodedData a buffer returned by {@link #encodeData}; not retained by the slice
   */
  public static ByteBuf symbolOf(ByteBuf encodedData) {
    int base = encodedData.readerIndex();
    return encodedData.slice(
        base + DATA_OFFSET_SYMBOL,
        encodedData.readableBytes() - DATA_OFFSET_SYMBOL - TRAILER_BYTES);
  }

  /**
   * Encodes any packet.
   *
   * @param packet read only; its buffers are neither moved nor released (caller still owns it)
   * @return a new buffer owned by the caller
   * @throws IllegalArgumentException if the packet would exceed the max packet size
   */
  public ByteBuf encode(ByteBufAllocator alloc, Packet packet) {
    if (packet instanceof DataPacket d) {
      return encodeSymbol(alloc, d);
    } else if (packet instanceof RepairPacket rp) {
      return encodeRepair(alloc, rp);
    } else if (packet instanceof AckPacket a) {
      return encodeAck(alloc, a);
    } else if (packet instanceof HelloPacket h) {
      return encodeHello(alloc, h);
    } else if (packet instanceof HeartbeatPacket hb) {
      ByteBuf out = start(alloc, PacketType.HEARTBEAT, HEARTBEAT_BODY_BYTES);
      writeHeader(out, PacketType.HEARTBEAT, hb.reply() ? FLAG_REPLY : 0, hb.sessionId());
      out.writeLong(hb.timestampNanos());
      out.writeInt(hb.rxLossPpm()); // LOSS_UNKNOWN (-1) is 0xFFFFFFFF
      return finish(out);
    } else {
      ClosePacket c = (ClosePacket) packet;
      ByteBuf out = start(alloc, PacketType.CLOSE, 2);
      writeHeader(out, PacketType.CLOSE, 0, c.sessionId());
      out.writeShort(c.reason().code());
      return finish(out);
    }
  }

  private ByteBuf encodeSymbol(ByteBufAllocator alloc, DataPacket d) {
    ByteBuf out = start(alloc, PacketType.DATA, 8 + d.symbol().readableBytes());
    writeHeader(out, PacketType.DATA, 0, d.sessionId());
    out.writeLong(d.seq());
    out.writeBytes(d.symbol(), d.symbol().readerIndex(), d.symbol().readableBytes());
    return finish(out);
  }

  private ByteBuf encodeRepair(ByteBufAllocator alloc, RepairPacket rp) {
    ByteBuf xor = rp.xor();
    ByteBuf out =
        start(alloc, PacketType.REPAIR, REPAIR_OFFSET_XOR - HEADER_BYTES + xor.readableBytes());
    writeHeader(out, PacketType.REPAIR, 0, rp.sessionId());
    out.writeByte(rp.layer());
    out.writeLong(rp.firstSeq());
    out.writeInt(rp.stride());
    out.writeShort(rp.count());
    out.writeInt(rp.lengthXor());
    out.writeBytes(xor, xor.readerIndex(), xor.readableBytes());
    return finish(out);
  }

  private ByteBuf encodeAck(ByteBufAllocator alloc, AckPacket a) {
    ByteBuf out =
        start(
            alloc,
            PacketType.ACK,
            ACK_OFFSET_NAKS - HEADER_BYTES + a.naks().size() * ACK_NAK_BYTES);
    writeHeader(out, PacketType.ACK, 0, a.sessionId());
    out.writeLong(a.cumulativeSeq());
    out.writeShort(a.naks().size());
    for (SeqRange r : a.naks()) {
      out.writeLong(r.from());
      out.writeLong(r.to());
    }
    return finish(out);
  }

  private ByteBuf encodeHello(ByteBufAllocator alloc, HelloPacket h) {
    int[] il = h.interleaves();
    byte[] token = h.token();
    int capacityBytes = h.receiveCapacity() > 0 ? 4 : 0;
    ByteBuf out =
        start(
            alloc,
            h.type(),
            2 + 4 * il.length + HELLO_TAIL_FIXED_BYTES + token.length + capacityBytes);
    writeHeader(out, h.type(), 0, h.sessionId());
    out.writeByte(h.r());
    out.writeByte(il.length);
    for (int i : il) {
      out.writeInt(i);
    }
    out.writeInt(h.maxPacketBytes());
    out.writeLong(h.initialSeq());
    out.writeShort(token.length);
    out.writeBytes(token);
    if (capacityBytes > 0) {
      out.writeInt(h.receiveCapacity());
    }
    return finish(out);
  }

  private ByteBuf start(ByteBufAllocator alloc, PacketType type, int bodyBytes) {
    int len = HEADER_BYTES + bodyBytes + TRAILER_BYTES;
    checkSize(len, type);
    return alloc.buffer(len, len);
  }

  private void checkSize(int len, PacketType type) {
    if (len > maxPacketBytes) {
      throw new IllegalArgumentException(
          "packet too large: type=" + type + " length=" + len + " max=" + maxPacketBytes);
    }
  }

  private static void writeHeader(ByteBuf out, PacketType type, int flags, long sessionId) {
    out.writeShort(MAGIC);
    out.writeByte(VERSION);
    out.writeByte(type.code());
    out.writeByte(flags);
    out.writeLong(sessionId);
  }

  private static ByteBuf finish(ByteBuf out) {
    out.writeInt(crc(out, out.readerIndex(), out.readableBytes()));
    return out;
  }

  static int crc(ByteBuf buf, int index, int length) {
    CRC32C crc = new CRC32C();
    if (buf.hasArray()) {
      crc.update(buf.array(), buf.arrayOffset() + index, length);
    } else if (buf.nioBufferCount() == 1) {
      // no per-packet ByteBuffer: the buffer's own view, consumed at once on this thread
      crc.update(buf.internalNioBuffer(index, length));
    } else {
      crc.update(buf.nioBuffer(index, length));
    }
    return (int) crc.getValue();
  }

  /**
   * Decodes one datagram.
   *
   * @param in the whole datagram (its readable bytes); neither moved nor released — the caller
   *     still owns it. A returned DATA or REPAIR packet holds a retained slice of {@code in} that
   *     the caller frees with {@link Packet#release()}; on exception nothing is retained.
   * @throws MalformedPacketException for anything but a valid packet
   */
  public Packet decode(ByteBuf in) throws MalformedPacketException {
    int base = in.readerIndex();
    int len = in.readableBytes();
    if (len > maxPacketBytes) {
      throw new MalformedPacketException(
          MalformedReason.OVERSIZED, "length=" + len + " max=" + maxPacketBytes);
    }
    if (len < HEADER_BYTES + TRAILER_BYTES) {
      throw new MalformedPacketException(
          MalformedReason.TRUNCATED, "length=" + len + " min=" + (HEADER_BYTES + TRAILER_BYTES));
    }
    int magic = in.getUnsignedShort(base + OFFSET_MAGIC);
    if (magic != MAGIC) {
      throw new MalformedPacketException(
          MalformedReason.BAD_MAGIC,
          "expected=0x" + Integer.toHexString(MAGIC) + " actual=0x" + Integer.toHexString(magic));
    }
    int version = in.getUnsignedByte(base + OFFSET_VERSION);
    if (version != VERSION) {
      throw new MalformedPacketException(
          MalformedReason.BAD_VERSION, "expected=" + VERSION + " actual=" + version);
    }
    int bodyEnd = base + len - TRAILER_BYTES;
    int expectedCrc = in.getInt(bodyEnd);
    int actualCrc = crc(in, base, len - TRAILER_BYTES);
    if (expectedCrc != actualCrc) {
      throw new MalformedPacketException(
          MalformedReason.BAD_CRC,
          "length="
              + len
              + " expected=0x"
              + Integer.toHexString(expectedCrc)
              + " actual=0x"
              + Integer.toHexString(actualCrc));
    }
    int code = in.getUnsignedByte(base + OFFSET_TYPE);
    PacketType type = PacketType.fromCode(code);
    if (type == null) {
      throw new MalformedPacketException(MalformedReason.UNKNOWN_TYPE, "type=" + code);
    }
    int flags = in.getUnsignedByte(base + OFFSET_FLAGS);
    int allowedFlags = type == PacketType.HEARTBEAT ? FLAG_REPLY : 0;
    if ((flags & ~allowedFlags) != 0) {
      throw new MalformedPacketException(
          MalformedReason.BAD_FIELD, "type=" + type + " flags=0x" + Integer.toHexString(flags));
    }
    long sessionId = in.getLong(base + OFFSET_SESSION_ID);
    Body body = new Body(in, base, bodyEnd, type);
    return switch (type) {
      case DATA -> decodeData(body, sessionId);
      case REPAIR -> decodeRepair(body, sessionId);
      case ACK -> decodeAck(body, sessionId);
      case HELLO, HELLO_ACK -> decodeHello(body, sessionId, type == PacketType.HELLO_ACK);
      case HEARTBEAT -> {
        body.requireExactly(HEARTBEAT_BODY_BYTES);
        long ppm = in.getUnsignedInt(base + HEARTBEAT_OFFSET_RX_LOSS);
        if (ppm != 0xFFFFFFFFL && ppm > 1_000_000) {
          throw new MalformedPacketException(
              MalformedReason.BAD_FIELD, "type=HEARTBEAT rxLossPpm=" + ppm);
        }
        yield new HeartbeatPacket(
            sessionId,
            in.getLong(base + HEARTBEAT_OFFSET_TIMESTAMP),
            (flags & FLAG_REPLY) != 0,
            (int) ppm);
      }
      case CLOSE -> {
        body.requireExactly(2);
        int reasonCode = in.getUnsignedShort(base + CLOSE_OFFSET_REASON);
        CloseReason reason = CloseReason.fromCode(reasonCode);
        if (reason == null) {
          throw new MalformedPacketException(
              MalformedReason.BAD_FIELD, "type=CLOSE reason=" + reasonCode);
        }
        yield new ClosePacket(sessionId, reason);
      }
    };
  }

  private static Packet decodeData(Body b, long sessionId) throws MalformedPacketException {
    b.requireAtLeast(DATA_OFFSET_SYMBOL + DataPacket.STREAM_ID_BYTES - HEADER_BYTES);
    long seq = b.in.getLong(b.base + DATA_OFFSET_SEQ);
    if (seq < 0) {
      throw new MalformedPacketException(MalformedReason.BAD_FIELD, "type=DATA seq=" + seq);
    }
    int from = b.base + DATA_OFFSET_SYMBOL;
    return new DataPacket(sessionId, seq, b.in.retainedSlice(from, b.end - from));
  }

  private static Packet decodeRepair(Body b, long sessionId) throws MalformedPacketException {
    b.requireAtLeast(REPAIR_OFFSET_XOR - HEADER_BYTES);
    ByteBuf in = b.in;
    int layer = in.getUnsignedByte(b.base + REPAIR_OFFSET_LAYER);
    long firstSeq = in.getLong(b.base + REPAIR_OFFSET_FIRST_SEQ);
    int stride = in.getInt(b.base + REPAIR_OFFSET_STRIDE);
    int count = in.getUnsignedShort(b.base + REPAIR_OFFSET_COUNT);
    int lengthXor = in.getInt(b.base + REPAIR_OFFSET_LENGTH_XOR);
    if (firstSeq < 0 || stride < 1 || count < 1) {
      throw new MalformedPacketException(
          MalformedReason.BAD_FIELD,
          "type=REPAIR firstSeq=" + firstSeq + " stride=" + stride + " count=" + count);
    }
    int from = b.base + REPAIR_OFFSET_XOR;
    return new RepairPacket(
        sessionId, layer, firstSeq, stride, count, lengthXor, in.retainedSlice(from, b.end - from));
  }

  private static Packet decodeAck(Body b, long sessionId) throws MalformedPacketException {
    b.requireAtLeast(ACK_OFFSET_NAKS - HEADER_BYTES);
    long cumulative = b.in.getLong(b.base + ACK_OFFSET_CUMULATIVE);
    int count = b.in.getUnsignedShort(b.base + ACK_OFFSET_NAK_COUNT);
    b.requireExactly(ACK_OFFSET_NAKS - HEADER_BYTES + count * ACK_NAK_BYTES);
    if (cumulative < 0 || count > AckPacket.MAX_NAKS) {
      throw new MalformedPacketException(
          MalformedReason.BAD_FIELD, "type=ACK cumulative=" + cumulative + " naks=" + count);
    }
    List<SeqRange> naks = new ArrayList<>(count);
    long floor = cumulative;
    for (int i = 0; i < count; i++) {
      int at = b.base + ACK_OFFSET_NAKS + i * ACK_NAK_BYTES;
      long from = b.in.getLong(at);
      long to = b.in.getLong(at + 8);
      if (from < floor || to <= from) {
        throw new MalformedPacketException(
            MalformedReason.BAD_FIELD,
            "type=ACK nak=" + i + " from=" + from + " to=" + to + " floor=" + floor);
      }
      naks.add(new SeqRange(from, to));
      floor = to;
    }
    return new AckPacket(sessionId, cumulative, naks);
  }

  private static Packet decodeHello(Body b, long sessionId, boolean ack)
      throws MalformedPacketException {
    b.requireAtLeast(HELLO_OFFSET_INTERLEAVES - HEADER_BYTES);
    ByteBuf in = b.in;
    int r = in.getUnsignedByte(b.base + HELLO_OFFSET_R);
    int c = in.getUnsignedByte(b.base + HELLO_OFFSET_C);
    int tail = HELLO_OFFSET_INTERLEAVES + 4 * c;
    b.requireAtLeast(tail - HEADER_BYTES + HELLO_TAIL_FIXED_BYTES);
    int tokenLength = in.getUnsignedShort(b.base + tail + 12);
    int withoutCapacity = tail - HEADER_BYTES + HELLO_TAIL_FIXED_BYTES + tokenLength;
    boolean hasCapacity = b.length() == withoutCapacity + 4;
    b.requireExactly(hasCapacity ? withoutCapacity + 4 : withoutCapacity);
    int[] interleaves = new int[c];
    for (int i = 0; i < c; i++) {
      interleaves[i] = in.getInt(b.base + HELLO_OFFSET_INTERLEAVES + 4 * i);
    }
    int maxPacket = in.getInt(b.base + tail);
    long initialSeq = in.getLong(b.base + tail + 4);
    byte[] token = new byte[tokenLength];
    in.getBytes(b.base + tail + HELLO_TAIL_FIXED_BYTES, token);
    int capacity =
        hasCapacity ? in.getInt(b.base + tail + HELLO_TAIL_FIXED_BYTES + tokenLength) : 0;
    try {
      return new HelloPacket(
          sessionId, ack, r, interleaves, maxPacket, initialSeq, token, capacity);
    } catch (IllegalArgumentException e) {
      throw new MalformedPacketException(
          MalformedReason.BAD_FIELD,
          "type=" + (ack ? "HELLO_ACK" : "HELLO") + " " + e.getMessage());
    }
  }

  /** Bounds of one packet's body, for length checks. */
  private record Body(ByteBuf in, int base, int end, PacketType type) {
    int length() {
      return end - base - HEADER_BYTES;
    }

    void requireAtLeast(int bytes) throws MalformedPacketException {
      if (length() < bytes) {
        throw new MalformedPacketException(
            MalformedReason.TRUNCATED, "type=" + type + " body=" + length() + " min=" + bytes);
      }
    }

    void requireExactly(int bytes) throws MalformedPacketException {
      requireAtLeast(bytes);
      if (length() != bytes) {
        throw new MalformedPacketException(
            MalformedReason.BAD_LENGTH,
            "type=" + type + " body=" + length() + " expected=" + bytes);
      }
    }
  }
}
