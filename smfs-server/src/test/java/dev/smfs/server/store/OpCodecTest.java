package dev.smfs.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes pin every record payload format; decoding the golden bytes gives the op back. */
class OpCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] encoded(Op op) {
    ByteBuffer[] parts = OpCodec.encode(op);
    int n = 0;
    for (ByteBuffer p : parts) {
      n += p.remaining();
    }
    ByteBuffer all = ByteBuffer.allocate(n);
    for (ByteBuffer p : parts) {
      all.put(p.duplicate());
    }
    return all.array();
  }

  private static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replace(" ", ""));
  }

  private static void assertGolden(Op op, String golden) {
    byte[] expected = hex(golden);
    assertArrayEquals(expected, encoded(op), () -> HEX.formatHex(encoded(op)));
    assertEquals(op, OpCodec.decode(op.type(), ByteBuffer.wrap(expected)));
  }

  @Test
  void volumeInitLayout() {
    assertGolden(
        new Op.VolumeInit(0x0102030405060708L, 0x1112131415161718L, 1000, 3),
        "01 0102030405060708 1112131415161718 00000000000003e8 0000000000000003");
  }

  @Test
  void createLayout() {
    assertGolden(
        new Op.CreateNode(RecordType.CREATE, 1, "ab", 2, 3, 0644, 10, 20, 5, ""),
        "01 0000000000000001 0000000000000002 0000000000000003 000001a4 0000000a 00000014"
            + " 0000000000000005 0002 6162 0000");
  }

  @Test
  void symlinkCarriesTarget() {
    assertGolden(
        new Op.CreateNode(RecordType.SYMLINK, 1, "l", 9, 4, 0777, 0, 0, 7, "/t"),
        "01 0000000000000001 0000000000000009 0000000000000004 000001ff 00000000 00000000"
            + " 0000000000000007 0001 6c 0002 2f74");
  }

  @Test
  void linkLayout() {
    assertGolden(
        new Op.Link(5, 1, "x", 6, 7),
        "01 0000000000000005 0000000000000001 0000000000000006 0000000000000007 0001 78");
  }

  @Test
  void unlinkLayoutWithKeepOrphanFlag() {
    assertGolden(
        new Op.Remove(RecordType.UNLINK, 1, "x", 7, true),
        "01 0000000000000001 0000000000000007 01 0001 78");
  }

  @Test
  void rmdirLayout() {
    Op op = new Op.Remove(RecordType.RMDIR, 2, "d", 8, false);
    assertGolden(op, "01 0000000000000002 0000000000000008 00 0001 64");
    assertEquals(
        RecordType.RMDIR, OpCodec.decode(RecordType.RMDIR, ByteBuffer.wrap(encoded(op))).type());
  }

  @Test
  void renameLayout() {
    assertGolden(
        new Op.Rename(1, "a", 2, "b", 3, 4, false),
        "01 0000000000000001 0000000000000002 0000000000000003 0000000000000004 00 0001 61 0001 62");
  }

  @Test
  void writeLayoutPutsDataAtFixedOffset() {
    Op.Write op = new Op.Write(7, 4096, 9, ByteBuffer.wrap(new byte[] {(byte) 0xAA, (byte) 0xBB}));
    assertGolden(op, "01 0000000000000007 0000000000001000 0000000000000009 00000002 aabb");
    assertEquals(29, OpCodec.dataOffset(RecordType.WRITE));
    assertEquals((byte) 0xAA, encoded(op)[OpCodec.dataOffset(RecordType.WRITE)]);
  }

  @Test
  void cleanerMoveLayout() {
    Op.CleanerMove op = new Op.CleanerMove(7, 8192, 3, 100, 29, ByteBuffer.wrap(new byte[] {1}));
    assertGolden(
        op,
        "01 0000000000000007 0000000000002000 0000000000000003 0000000000000064 0000001d"
            + " 00000001 01");
    assertEquals(41, OpCodec.dataOffset(RecordType.CLEANER_MOVE));
  }

  @Test
  void setAttrLayout() {
    assertGolden(
        new Op.SetAttrs(4, SetAttrCodec.M_PERM | SetAttrCodec.M_SIZE, 0600, 0, 0, 10, 0, 0, 99),
        "01 0000000000000004 00000009 00000180 00000000 00000000 000000000000000a"
            + " 0000000000000000 0000000000000000 0000000000000063");
  }

  @Test
  void setXattrLayout() {
    assertGolden(
        new Op.Xattr(4, "user.k", new byte[] {1, 2}, 5),
        "01 0000000000000004 0000000000000005 0006 757365722e6b 00000002 0102");
  }

  @Test
  void removeXattrHasNoValue() {
    Op.Xattr op = new Op.Xattr(4, "user.k", null, 5);
    assertEquals(RecordType.REMOVEXATTR, op.type());
    assertGolden(op, "01 0000000000000004 0000000000000005 0006 757365722e6b");
  }

  @Test
  void freeInodeLayout() {
    assertGolden(new Op.FreeInode(12), "01 000000000000000c");
  }

  @Test
  void epochLayout() {
    assertEquals(RecordType.EPOCH, new Op.Epoch(2).type());
    assertGolden(new Op.Epoch(2), "01 0000000000000002");
  }

  @Test
  void wrongVersionIsMalformed() {
    assertThrows(
        MalformedPayloadException.class,
        () -> OpCodec.decode(RecordType.FREE_INODE, ByteBuffer.wrap(hex("02 000000000000000c"))));
  }

  @Test
  void truncatedPayloadIsMalformed() {
    assertThrows(
        MalformedPayloadException.class,
        () -> OpCodec.decode(RecordType.LINK, ByteBuffer.wrap(hex("01 0000000000000005"))));
  }

  @Test
  void trailingBytesAreMalformed() {
    assertThrows(
        MalformedPayloadException.class,
        () ->
            OpCodec.decode(RecordType.FREE_INODE, ByteBuffer.wrap(hex("01 000000000000000c 00"))));
  }

  @Test
  void writeLengthMismatchIsMalformed() {
    assertThrows(
        MalformedPayloadException.class,
        () ->
            OpCodec.decode(
                RecordType.WRITE,
                ByteBuffer.wrap(
                    hex("01 0000000000000007 0000000000001000 0000000000000009 00000003 aabb"))));
  }

  @Test
  void unknownTypeIsMalformed() {
    assertThrows(
        MalformedPayloadException.class, () -> OpCodec.decode(99, ByteBuffer.wrap(hex("01"))));
  }
}
