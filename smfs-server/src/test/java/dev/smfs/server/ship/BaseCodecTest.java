package dev.smfs.server.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.store.BaseEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BaseCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final UUID ID = new UUID(0x0102030405060708L, 0x090A0B0C0D0E0F10L);
  private static final BaseCodec.Identity IDENTITY = new BaseCodec.Identity(ID, 3);

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void beginGoldenBytes() {
    byte[] expected = hex("01 0102030405060708 090A0B0C0D0E0F10 0000000000000003");
    assertArrayEquals(expected, bytes(BaseCodec.encodeBegin(IDENTITY)));
    assertEquals(IDENTITY, BaseCodec.decodeBegin(ByteBuffer.wrap(expected)));
  }

  @Test
  void endGoldenBytes() {
    byte[] expected = hex("01 0102030405060708 090A0B0C0D0E0F10 0000000000000003 0000000000000007");
    assertArrayEquals(expected, bytes(BaseCodec.encodeEnd(IDENTITY, 7)));
    assertEquals(new BaseCodec.End(IDENTITY, 7), BaseCodec.decodeEnd(ByteBuffer.wrap(expected)));
  }

  @Test
  void chunkGoldenBytes() {
    List<BaseEntry> entries =
        List.of(
            new BaseEntry.IndexEntry(new byte[] {'M', 'x'}, new byte[] {9}),
            new BaseEntry.ExtentRef(2, 4096, 17, 41, 100));
    byte[] expected =
        hex(
            "01 00000002"
                + " 01 00000002 4D78 00000001 09"
                + " 02 0000000000000002 0000000000001000 0000000000000011 00000029 00000064");
    List<ByteBuffer> chunks = BaseCodec.encodeChunks(entries);
    assertEquals(1, chunks.size());
    assertArrayEquals(expected, bytes(chunks.get(0)));
    List<BaseEntry> back = BaseCodec.decodeChunk(ByteBuffer.wrap(expected));
    BaseEntry.IndexEntry ie = (BaseEntry.IndexEntry) back.get(0);
    assertArrayEquals(new byte[] {'M', 'x'}, ie.key());
    assertArrayEquals(new byte[] {9}, ie.value());
    assertEquals(entries.get(1), back.get(1));
  }

  @Test
  void manyEntriesSplitIntoChunksWithinTheLimitAndComeBackInOrder() {
    List<BaseEntry> entries = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      entries.add(new BaseEntry.ExtentRef(i, 0, i, 0, 1));
    }
    List<ByteBuffer> chunks = BaseCodec.encodeChunks(entries);
    List<BaseEntry> back = new ArrayList<>();
    for (ByteBuffer c : chunks) {
      assertEquals(true, c.remaining() <= BaseCodec.CHUNK_BYTES, "chunk=" + c.remaining());
      back.addAll(BaseCodec.decodeChunk(c));
    }
    assertEquals(true, chunks.size() > 1);
    assertEquals(entries, back);
  }

  @Test
  void truncatedChunkIsMalformed() {
    byte[] chunk =
        bytes(BaseCodec.encodeChunks(List.of(new BaseEntry.ExtentRef(2, 0, 5, 0, 1))).get(0));
    ByteBuffer cut = ByteBuffer.wrap(chunk, 0, chunk.length - 1);
    assertThrows(MalformedReplicationException.class, () -> BaseCodec.decodeChunk(cut));
  }

  @Test
  void chunkWithTrailingBytesIsMalformed() {
    byte[] chunk = hex("01 00000000 FF");
    assertThrows(
        MalformedReplicationException.class, () -> BaseCodec.decodeChunk(ByteBuffer.wrap(chunk)));
  }

  @Test
  void unknownEntryKindIsMalformed() {
    byte[] chunk = hex("01 00000001 07");
    assertThrows(
        MalformedReplicationException.class, () -> BaseCodec.decodeChunk(ByteBuffer.wrap(chunk)));
  }

  @Test
  void wrongVersionIsRefused() {
    byte[] begin = bytes(BaseCodec.encodeBegin(IDENTITY));
    begin[0] = 2;
    assertThrows(
        MalformedReplicationException.class, () -> BaseCodec.decodeBegin(ByteBuffer.wrap(begin)));
  }

  @Test
  void baseFrameTypesAreNotLogRecordTypes() {
    for (int t = 0; t <= dev.smfs.server.store.RecordType.EPOCH; t++) {
      assertEquals(false, BaseCodec.isBase(t), "type=" + t);
    }
    assertEquals(true, BaseCodec.isBase(BaseCodec.TYPE_BASE_BEGIN));
    assertEquals(true, BaseCodec.isBase(BaseCodec.TYPE_BASE_CHUNK));
    assertEquals(true, BaseCodec.isBase(BaseCodec.TYPE_BASE_END));
  }
}
