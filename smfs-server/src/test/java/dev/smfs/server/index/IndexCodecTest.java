package dev.smfs.server.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes pin the index's key and value layouts. */
class IndexCodecTest {
  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  @Test
  void inodeValueLayout() {
    InodeAttr a = new InodeAttr(7, FileType.DIRECTORY, 0755, 2, 1000, 100, 4096, 1, 2, 3);
    byte[] golden =
        hex(
            "01 01 000001ed 00000002 000003e8 00000064 0000000000001000 0000000000000001"
                + " 0000000000000002 0000000000000003");
    assertArrayEquals(golden, InodeCodec.encode(a));
    assertEquals(a, InodeCodec.decode(7, golden));
  }

  @Test
  void direntValueLayout() {
    Dirent d = new Dirent(9, FileType.SYMLINK, 4);
    byte[] golden = hex("01 0000000000000009 02 0000000000000004");
    assertArrayEquals(golden, DirentCodec.encode(d));
    assertEquals(d, DirentCodec.decode(golden));
  }

  @Test
  void extentValueLayout() {
    Extent e = new Extent(5, 8192, 3, 100, 29, 4096, 77);
    byte[] golden = hex("01 0000000000000003 0000000000000064 0000001d 00001000 000000000000004d");
    assertArrayEquals(golden, ExtentCodec.encode(e));
    assertEquals(e, ExtentCodec.decode(5, 8192, golden));
  }

  @Test
  void keysSortNumericallyWithinATable() {
    assertArrayEquals(
        hex("45 0000000000000005 0000000000002000"), IndexKeys.idId(IndexKeys.EXTENT, 5, 8192));
    assertArrayEquals(hex("44 0000000000000001 6162"), IndexKeys.idName(IndexKeys.DIRENT, 1, "ab"));
    assertArrayEquals(hex("4d 6170706c6965645f6c736e"), IndexKeys.meta(Index.META_APPLIED_LSN));
  }

  @Test
  void truncatedInodeValueIsAnIndexError() {
    assertThrows(IndexException.class, () -> InodeCodec.decode(7, hex("01 01")));
  }

  @Test
  void extentSliceKeepsTheRecordAndShiftsTheDataOffset() {
    Extent e = new Extent(5, 1000, 3, 100, 29, 500, 77);
    assertEquals(new Extent(5, 1200, 3, 100, 229, 100, 77), e.slice(1200, 1300));
  }
}
