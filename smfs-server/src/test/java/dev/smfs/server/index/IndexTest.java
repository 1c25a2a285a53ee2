package dev.smfs.server.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed index tables over the sorted-map store. */
class IndexTest {
  private final Index index = new Index(new MemoryKeyValueStore());

  private static Extent ext(long off, int len) {
    return new Extent(5, off, 1, 100, 29, len, 7);
  }

  @Test
  void extentsReturnsTheOneStartingBeforeTheRangeWhenItOverlaps() {
    IndexTxn t = index.begin();
    t.putExtent(ext(0, 100));
    t.putExtent(ext(100, 50));
    t.putExtent(ext(300, 10));
    t.commit(1);
    assertEquals(List.of(ext(0, 100), ext(100, 50)), index.extents(5, 50, 120));
    assertEquals(List.of(ext(100, 50)), index.extents(5, 100, 300));
    assertEquals(List.of(), index.extents(5, 150, 300));
    assertEquals(3, index.extents(5).size());
  }

  @Test
  void txnSeesItsOwnWritesAndCommitSetsAppliedLsn() {
    IndexTxn t = index.begin();
    InodeAttr a = new InodeAttr(3, FileType.REGULAR, 0644, 1, 0, 0, 0, 1, 1, 1);
    t.putInode(a);
    t.addLiveBytes(4, 10);
    t.addLiveBytes(4, 5);
    assertEquals(a, t.inode(3));
    assertEquals(15, t.liveBytes(4));
    assertNull(index.inode(3));
    t.commit(9);
    assertEquals(a, index.inode(3));
    assertEquals(9, index.appliedLsn());
    assertEquals(Map.of(4L, 15L), index.liveBytesBySegment());
  }

  @Test
  void readdirFollowsCookieOrderAndResumesAfterACookie() {
    IndexTxn t = index.begin();
    t.putDirent(1, "b", new Dirent(10, FileType.REGULAR, 1));
    t.putDirent(1, "a", new Dirent(11, FileType.DIRECTORY, 2));
    t.putDirent(1, "c", new Dirent(12, FileType.REGULAR, 3));
    t.commit(1);
    List<Map.Entry<String, Dirent>> all = index.readdir(1, 0, 10);
    assertEquals(List.of("b", "a", "c"), all.stream().map(Map.Entry::getKey).toList());
    assertEquals(List.of("c"), index.readdir(1, 2, 10).stream().map(Map.Entry::getKey).toList());
    IndexTxn del = index.begin();
    del.deleteDirent(1, "a", all.get(1).getValue());
    del.commit(2);
    assertEquals(
        List.of("b", "c"), index.readdir(1, 0, 10).stream().map(Map.Entry::getKey).toList());
  }

  @Test
  void liveBytesAtZeroRemovesTheSegmentRow() {
    IndexTxn t = index.begin();
    t.addLiveBytes(2, 10);
    t.commit(1);
    IndexTxn u = index.begin();
    u.addLiveBytes(2, -10);
    u.commit(2);
    assertEquals(Map.of(), index.liveBytesBySegment());
  }
}
