package dev.smfs.server.ship;

import dev.smfs.server.store.BaseEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Payloads of the base frames: what a new, empty mirror receives when the primary's log no longer
 * starts at LSN 1 (see {@link dev.smfs.server.store.BaseSnapshot}). They travel as frames of the
 * volume stream ({@link ReplicationCodec}: LSN, type, length, CRC32C), with types outside the log
 * record types. On the stream: BASE_BEGIN (frame LSN = the primary's first LSN), the records from
 * there to the base LSN, BASE_CHUNK frames and one BASE_END (frame LSN = base LSN), then records
 * after it. Stateless and thread-safe.
 *
 * <pre>
 * BASE_BEGIN  0 u8 version (1), 1 i64 volume uuid high, 9 i64 uuid low, 17 i64 epoch, 25 end
 * BASE_CHUNK  0 u8 version (1), 1 u32 entry count, 5 entries:
 *               index entry:  0 u8 kind 1, 1 u32 key length k, 5 key, 5+k u32 value length v,
 *                             9+k value, 9+k+v end
 *               extent:       0 u8 kind 2, 1 i64 ino, 9 i64 file offset, 17 i64 record LSN,
 *                             25 i32 data offset, 29 i32 length, 33 end
 * BASE_END    0 u8 version (1), 1 i64 volume uuid high, 9 i64 uuid low, 17 i64 epoch,
 *             25 i64 entries in all chunks, 33 end
 * </pre>
 */
public final class BaseCodec {
  /** Frame types of the base; log record types stay far below them. */
  public static final int TYPE_BASE_BEGIN = 0xFF01;

  public static final int TYPE_BASE_CHUNK = 0xFF02;
  public static final int TYPE_BASE_END = 0xFF03;

  public static final int VERSION = 1;
  public static final int OFFSET_VERSION = 0;
  public static final int OFFSET_UUID_HIGH = OFFSET_VERSION + 1;
  public static final int OFFSET_UUID_LOW = OFFSET_UUID_HIGH + 8;
  public static final int OFFSET_EPOCH = OFFSET_UUID_LOW + 8;
  public static final int BEGIN_BYTES = OFFSET_EPOCH + 8;
  public static final int OFFSET_END_ENTRIES = OFFSET_EPOCH + 8;
  public static final int END_BYTES = OFFSET_END_ENTRIES + 8;
  public static final int OFFSET_CHUNK_COUNT = OFFSET_VERSION + 1;
  public static final int OFFSET_CHUNK_ENTRIES = OFFSET_CHUNK_COUNT + 4;
  public static final int KIND_INDEX_ENTRY = 1;
  public static final int KIND_EXTENT = 2;
  public static final int EXTENT_ENTRY_BYTES = 1 + 8 + 8 + 8 + 4 + 4;

  /**
   * Chunk size the primary aims for: far below the frame limit of any mirror that can take the
   * primary's own records (its largest record bound), and about 2,000 extents per chunk.
   */
  public static final int CHUNK_BYTES = 64 << 10;

  private BaseCodec() {}

  /** True for the frame types of this codec. */
  public static boolean isBase(int frameType) {
    return frameType == TYPE_BASE_BEGIN
        || frameType == TYPE_BASE_CHUNK
        || frameType == TYPE_BASE_END;
  }

  /** BASE_BEGIN and BASE_END facts. */
  public record Identity(UUID volume, long epoch) {
    public Identity {
      if (volume == null || epoch < 0) {
        throw new IllegalArgumentException(
            "bad base identity: volume=" + volume + " epoch=" + epoch);
      }
    }
  }

  public static ByteBuffer encodeBegin(Identity id) {
    ByteBuffer b = ByteBuffer.allocate(BEGIN_BYTES);
    putIdentity(b, id);
    return b.flip();
  }

  public static ByteBuffer encodeEnd(Identity id, long entries) {
    ByteBuffer b = ByteBuffer.allocate(END_BYTES);
    putIdentity(b, id);
    b.putLong(entries);
    return b.flip();
  }

  private static void putIdentity(ByteBuffer b, Identity id) {
    b.put((byte) VERSION);
    b.putLong(id.volume().getMostSignificantBits()).putLong(id.volume().getLeastSignificantBits());
    b.putLong(id.epoch());
  }

  /**
   * Packs entries into chunk payloads of at most {@link #CHUNK_BYTES} each (an entry larger than
   * that gets a chunk of its own).
   */
  public static List<ByteBuffer> encodeChunks(List<BaseEntry> entries) {
    List<ByteBuffer> out = new ArrayList<>();
    List<BaseEntry> pending = new ArrayList<>();
    int size = OFFSET_CHUNK_ENTRIES;
    for (BaseEntry e : entries) {
      int n = entryBytes(e);
      if (!pending.isEmpty() && size + n > CHUNK_BYTES) {
        out.add(encodeChunk(pending, size));
        pending.clear();
        size = OFFSET_CHUNK_ENTRIES;
      }
      pending.add(e);
      size += n;
    }
    if (!pending.isEmpty()) {
      out.add(encodeChunk(pending, size));
    }
    return out;
  }

  private static int entryBytes(BaseEntry e) {
    if (e instanceof BaseEntry.IndexEntry ie) {
      return 1 + 4 + ie.key().length + 4 + ie.value().length;
    }
    return EXTENT_ENTRY_BYTES;
  }

  private static ByteBuffer encodeChunk(List<BaseEntry> entries, int size) {
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put((byte) VERSION).putInt(entries.size());
    for (BaseEntry e : entries) {
      if (e instanceof BaseEntry.IndexEntry ie) {
        b.put((byte) KIND_INDEX_ENTRY);
        b.putInt(ie.key().length).put(ie.key());
        b.putInt(ie.value().length).put(ie.value());
      } else {
        BaseEntry.ExtentRef x = (BaseEntry.ExtentRef) e;
        b.put((byte) KIND_EXTENT);
        b.putLong(x.ino()).putLong(x.fileOffset()).putLong(x.lsn());
        b.putInt(x.dataOffset()).putInt(x.length());
      }
    }
    return b.flip();
  }

  /**
   * @param payload remaining bytes (position unchanged)
   * @throws MalformedReplicationException on a wrong length, version or field
   */
  public static Identity decodeBegin(ByteBuffer payload) {
    ByteBuffer b = checked(payload, BEGIN_BYTES, "BASE_BEGIN");
    return identity(b, "BASE_BEGIN");
  }

  /** The identity and the total entry count of a BASE_END. */
  public record End(Identity identity, long entries) {}

  public static End decodeEnd(ByteBuffer payload) {
    ByteBuffer b = checked(payload, END_BYTES, "BASE_END");
    long entries = b.getLong(OFFSET_END_ENTRIES);
    if (entries < 0) {
      throw new MalformedReplicationException("bad BASE_END: entries=" + entries);
    }
    return new End(identity(b, "BASE_END"), entries);
  }

  private static ByteBuffer checked(ByteBuffer payload, int length, String what) {
    ByteBuffer b = payload.slice();
    if (b.remaining() != length) {
      throw new MalformedReplicationException(
          "bad " + what + " length: expected=" + length + " actual=" + b.remaining());
    }
    checkVersion(b, what);
    return b;
  }

  private static void checkVersion(ByteBuffer b, String what) {
    int v = b.get(OFFSET_VERSION) & 0xFF;
    if (v != VERSION) {
      throw new MalformedReplicationException(
          "unsupported " + what + " version: expected=" + VERSION + " actual=" + v);
    }
  }

  private static Identity identity(ByteBuffer b, String what) {
    try {
      return new Identity(
          new UUID(b.getLong(OFFSET_UUID_HIGH), b.getLong(OFFSET_UUID_LOW)),
          b.getLong(OFFSET_EPOCH));
    } catch (IllegalArgumentException e) {
      throw new MalformedReplicationException("bad " + what + ": " + e.getMessage());
    }
  }

  /**
   * @param payload remaining bytes (position unchanged)
   * @throws MalformedReplicationException on a wrong version, kind, count or length
   */
  public static List<BaseEntry> decodeChunk(ByteBuffer payload) {
    ByteBuffer b = payload.slice();
    if (b.remaining() < OFFSET_CHUNK_ENTRIES) {
      throw new MalformedReplicationException("BASE_CHUNK too short: length=" + b.remaining());
    }
    checkVersion(b, "BASE_CHUNK");
    b.position(OFFSET_CHUNK_COUNT);
    long count = b.getInt() & 0xFFFFFFFFL;
    List<BaseEntry> out = new ArrayList<>();
    try {
      for (long i = 0; i < count; i++) {
        int kind = b.get() & 0xFF;
        if (kind == KIND_INDEX_ENTRY) {
          out.add(new BaseEntry.IndexEntry(bytes(b), bytes(b)));
        } else if (kind == KIND_EXTENT) {
          out.add(
              new BaseEntry.ExtentRef(
                  b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt()));
        } else {
          throw new MalformedReplicationException("bad BASE_CHUNK entry kind: kind=" + kind);
        }
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedReplicationException(
          "bad BASE_CHUNK entry: index=" + out.size() + " count=" + count + " " + e);
    }
    if (b.hasRemaining()) {
      throw new MalformedReplicationException(
          "BASE_CHUNK has trailing bytes: count=" + count + " trailing=" + b.remaining());
    }
    return out;
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new MalformedReplicationException(
          "bad BASE_CHUNK length: length=" + n + " remaining=" + b.remaining());
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
