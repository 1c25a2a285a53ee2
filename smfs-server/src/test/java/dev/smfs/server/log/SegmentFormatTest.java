package dev.smfs.server.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SegmentFormatTest {
  private static final Path FILE = Path.of("seg.log");

  // CRCs computed independently with a bitwise CRC32C (poly 0x82F63B78).
  private static final String GOLDEN_HEADER_ID7_LSN42 =
      "534d46534c4f4700"
          + "0001"
          + "0000"
          + "00000000"
          + "0000000000000007"
          + "000000000000002a"
          + "60c87810";
  private static final String GOLDEN_RECORD_TYPE3_LSN5_ABC =
      "a5" + "00" + "0003" + "00000003" + "0000000000000005" + "d977ce53" + "616263";

  @Test
  void fileHeaderMatchesGoldenBytes() {
    ByteBuffer b = SegmentFormat.encodeFileHeader(7, 42);
    assertEquals(GOLDEN_HEADER_ID7_LSN42, HexFormat.of().formatHex(LogFixture.bytes(b)));
    assertEquals(SegmentFormat.FILE_HEADER_BYTES, b.remaining());
  }

  @Test
  void goldenFileHeaderDecodes() throws Exception {
    ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(GOLDEN_HEADER_ID7_LSN42));
    assertEquals(new SegmentFormat.FileHeader(7, 42), SegmentFormat.decodeFileHeader(b, FILE));
  }

  @Test
  void recordMatchesGoldenBytes() {
    ByteBuffer payload = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer header =
        SegmentFormat.encodeRecordHeader(3, 3, 5, SegmentFormat.payloadCrc(payload));
    String hex =
        HexFormat.of().formatHex(LogFixture.bytes(header))
            + HexFormat.of().formatHex(LogFixture.bytes(payload));
    assertEquals(GOLDEN_RECORD_TYPE3_LSN5_ABC, hex);
    assertEquals(0, payload.position(), "payload position untouched");
  }

  @Test
  void goldenRecordDecodesAndVerifies() {
    byte[] rec = HexFormat.of().parseHex(GOLDEN_RECORD_TYPE3_LSN5_ABC);
    ByteBuffer b = ByteBuffer.wrap(rec);
    SegmentFormat.RecordHeader h = SegmentFormat.decodeRecordHeader(b);
    assertNull(SegmentFormat.headerProblem(h, 100));
    assertEquals(3, h.type());
    assertEquals(3, h.payloadLength());
    assertEquals(5, h.lsn());
    ByteBuffer payload = ByteBuffer.wrap(rec, SegmentFormat.RECORD_HEADER_BYTES, 3).slice();
    assertEquals(h.crc(), SegmentFormat.recordCrc(h, payload));
  }

  @Test
  void payloadPartsChecksumLikeOneBuffer() {
    ByteBuffer whole = ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer a = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer d = ByteBuffer.wrap("def".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(
        LogFixture.bytes(
            SegmentFormat.encodeRecordHeader(1, 6, 9, SegmentFormat.payloadCrc(whole))),
        LogFixture.bytes(
            SegmentFormat.encodeRecordHeader(1, 6, 9, SegmentFormat.payloadCrc(a, d))));
  }

  @Test
  void fileHeaderWithFlippedBitIsRejected() {
    for (int bit = 0; bit < SegmentFormat.FILE_HEADER_BYTES * 8; bit++) {
      byte[] h = HexFormat.of().parseHex(GOLDEN_HEADER_ID7_LSN42);
      h[bit / 8] ^= (byte) (1 << (bit % 8));
      CorruptRecordException e =
          assertThrows(
              CorruptRecordException.class,
              () -> SegmentFormat.decodeFileHeader(ByteBuffer.wrap(h), FILE),
              "bit " + bit);
      assertEquals(FILE, e.file());
      assertEquals(0, e.offset());
    }
  }

  @Test
  void headerProblemRejectsBadSyncFlagsAndLength() {
    assertTrue(
        SegmentFormat.headerProblem(new SegmentFormat.RecordHeader(0, 0, 1, 1, 1, 0), 10)
            .startsWith("bad-sync-byte"));
    assertTrue(
        SegmentFormat.headerProblem(new SegmentFormat.RecordHeader(0xA5, 1, 1, 1, 1, 0), 10)
            .startsWith("unknown-flags"));
    assertTrue(
        SegmentFormat.headerProblem(new SegmentFormat.RecordHeader(0xA5, 0, 1, 11, 1, 0), 10)
            .startsWith("length-too-large"));
    assertTrue(
        SegmentFormat.headerProblem(new SegmentFormat.RecordHeader(0xA5, 0, 1, 1, 0, 0), 10)
            .startsWith("bad-lsn"));
  }

  @Test
  void typeOutsideU16IsRejected() {
    assertThrows(IllegalArgumentException.class, () -> SegmentFormat.checkType(-1));
    assertThrows(IllegalArgumentException.class, () -> SegmentFormat.checkType(0x10000));
  }
}
