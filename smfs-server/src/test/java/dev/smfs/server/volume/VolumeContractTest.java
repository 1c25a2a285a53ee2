package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Volume} must show, written against the interface only. An
 * implementation's test extends this class and supplies {@link #newVolume}; a persistent one also
 * overrides {@link VolumeContractSupport#reopen} so the durability tests run. Each test checks one
 * behaviour.
 *
 * <p>The tests are split over {@link NamespaceContract}, {@link RenameContract} and this class
 * (data, attributes, readdir, xattrs, statfs, durability); extending this class runs them all.
 *
 * <p>The clock is a {@link TestClock}; tests advance it with {@link #tick()} so every time field
 * can be checked exactly.
 */
public abstract class VolumeContractTest extends RenameContract {
  // ---- read, write ----

  @Test
  void writeThenReadReturnsSameBytes() {
    long f = file(ROOT, "f");
    byte[] data = random(10_000, 1);
    write(f, 0, data);
    assertArrayEquals(data, read(f, 0, 10_000));
    assertEquals(10_000, v.getattr(f).size());
  }

  @Test
  void readAtEndOfFileReturnsZeroBytes() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("abc"));
    assertEquals(0, read(f, 3, 10).length);
    assertEquals(0, read(f, 1000, 10).length);
  }

  @Test
  void readAcrossEndOfFileIsShort() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("abcdef"));
    assertArrayEquals(bytes("ef"), read(f, 4, 100));
  }

  @Test
  void writePastEndLeavesZeroFilledHole() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("ab"));
    write(f, 10, bytes("cd"));
    assertArrayEquals(bytes("ab\0\0\0\0\0\0\0\0cd"), read(f, 0, 100));
  }

  @Test
  void sparseWriteAtHugeOffsetReadsZerosBeforeIt() {
    long f = file(ROOT, "f");
    long off = 1L << 40;
    write(f, off, bytes("end"));
    assertEquals(off + 3, v.getattr(f).size());
    assertArrayEquals(bytes("\0\0\0\0end"), read(f, off - 4, 100));
    assertArrayEquals(new byte[4096], read(f, 1L << 39, 4096));
  }

  @Test
  void writeSpanningChunkBoundariesReadsBack() {
    long f = file(ROOT, "f");
    byte[] data = random(200_000, 2);
    write(f, 65_000, data);
    assertArrayEquals(data, read(f, 65_000, 200_000));
  }

  @Test
  void overwriteInsideFileKeepsSize() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("hello world"));
    write(f, 6, bytes("WORLD"));
    assertEquals(11, v.getattr(f).size());
    assertArrayEquals(bytes("hello WORLD"), read(f, 0, 100));
  }

  @Test
  void writeEndingPastMaximumFileSizeIsEfbig() {
    long f = file(ROOT, "f");
    long max = InMemoryVolume.MAX_FILE_SIZE;
    assertErrno(Errno.EFBIG, () -> v.write(f, max - 2, ByteBuffer.wrap(bytes("abc"))));
    assertEquals(0, v.getattr(f).size());
  }

  @Test
  void writeSetsMtimeAndCtime() {
    long f = file(ROOT, "f");
    long now = tick();
    write(f, 0, bytes("x"));
    InodeAttr a = v.getattr(f);
    assertEquals(now, a.mtimeNs());
    assertEquals(now, a.ctimeNs());
    assertNotEquals(now, a.atimeNs());
  }

  @Test
  void emptyWriteChangesNothing() {
    long f = file(ROOT, "f");
    InodeAttr before = v.getattr(f);
    tick();
    assertEquals(0, v.write(f, 100, ByteBuffer.allocate(0)));
    assertEquals(before, v.getattr(f));
  }

  @Test
  void readDoesNotChangeAtime() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("x"));
    InodeAttr before = v.getattr(f);
    tick();
    read(f, 0, 10);
    assertEquals(before, v.getattr(f));
  }

  @Test
  void writeToDirectoryIsEisdir() {
    long d = dir(ROOT, "d");
    assertErrno(Errno.EISDIR, () -> v.write(d, 0, ByteBuffer.wrap(bytes("x"))));
  }

  @Test
  void readOfDirectoryIsEisdir() {
    long d = dir(ROOT, "d");
    assertErrno(Errno.EISDIR, () -> v.read(d, 0, ByteBuffer.allocate(10)));
  }

  @Test
  void readAtNegativeOffsetIsEinval() {
    long f = file(ROOT, "f");
    assertErrno(Errno.EINVAL, () -> v.read(f, -1, ByteBuffer.allocate(10)));
  }

  @Test
  void readIntoBufferPositionFillsUpToLimit() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("abcdef"));
    ByteBuffer buf = ByteBuffer.allocate(10);
    buf.position(2).limit(5);
    assertEquals(3, v.read(f, 1, buf));
    assertEquals(5, buf.position());
    assertArrayEquals(bytes("\0\0bcd"), Arrays.copyOf(buf.array(), 5));
  }

  // ---- setattr ----

  @Test
  void truncateShrinkDropsTail() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("abcdef"));
    assertEquals(2, v.setattr(f, SetAttr.size(2)).size());
    assertArrayEquals(bytes("ab"), read(f, 0, 100));
  }

  @Test
  void truncateGrowReadsZeros() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("ab"));
    v.setattr(f, SetAttr.size(5));
    assertArrayEquals(bytes("ab\0\0\0"), read(f, 0, 100));
  }

  @Test
  void truncateShrinkThenGrowDoesNotResurrectOldBytes() {
    long f = file(ROOT, "f");
    write(f, 0, random(150_000, 3));
    v.setattr(f, SetAttr.size(10));
    v.setattr(f, SetAttr.size(150_000));
    assertArrayEquals(new byte[150_000 - 10], read(f, 10, 150_000));
  }

  @Test
  void truncateSetsMtimeAndCtime() {
    long f = file(ROOT, "f");
    long now = tick();
    v.setattr(f, SetAttr.size(100));
    assertEquals(now, v.getattr(f).mtimeNs());
    assertEquals(now, v.getattr(f).ctimeNs());
  }

  @Test
  void truncateOfDirectoryIsEisdir() {
    long d = dir(ROOT, "d");
    assertErrno(Errno.EISDIR, () -> v.setattr(d, SetAttr.size(0)));
  }

  @Test
  void truncatePastMaximumFileSizeIsEfbig() {
    long f = file(ROOT, "f");
    assertErrno(Errno.EFBIG, () -> v.setattr(f, SetAttr.size(InMemoryVolume.MAX_FILE_SIZE + 1)));
  }

  @Test
  void chmodChangesPermAndCtimeButNotMtime() {
    long f = file(ROOT, "f");
    long mtime = v.getattr(f).mtimeNs();
    long now = tick();
    InodeAttr a = v.setattr(f, SetAttr.perm(04700));
    assertEquals(04700, a.perm());
    assertEquals(now, a.ctimeNs());
    assertEquals(mtime, a.mtimeNs());
  }

  @Test
  void chownChangesOnlyTheGivenIds() {
    long f = file(ROOT, "f");
    InodeAttr a = v.setattr(f, SetAttr.owner(null, 77));
    assertEquals(1000, a.uid());
    assertEquals(77, a.gid());
  }

  @Test
  void utimesSetsExplicitTimesAndCtimeToNow() {
    long f = file(ROOT, "f");
    long now = tick();
    InodeAttr a = v.setattr(f, SetAttr.times(123L, 456L));
    assertEquals(123L, a.atimeNs());
    assertEquals(456L, a.mtimeNs());
    assertEquals(now, a.ctimeNs());
  }

  @Test
  void utimesNowUsesTheClock() {
    long f = file(ROOT, "f");
    long now = tick();
    InodeAttr a = v.setattr(f, SetAttr.times(SetAttr.NOW, null));
    assertEquals(now, a.atimeNs());
    assertNotEquals(now, a.mtimeNs());
  }

  @Test
  void setattrOfUnknownInodeIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.setattr(55_555, SetAttr.perm(0600)));
  }

  // ---- readdir ----

  @Test
  void readdirListsEntriesInCreationOrderWithTypes() {
    file(ROOT, "z");
    dir(ROOT, "a");
    v.symlink(ROOT, "m", "t", 0, 0);
    List<DirEntry> all = v.readdir(ROOT, 0, 100);
    assertEquals(List.of("z", "a", "m"), all.stream().map(DirEntry::name).toList());
    assertEquals(
        List.of(FileType.REGULAR, FileType.DIRECTORY, FileType.SYMLINK),
        all.stream().map(DirEntry::type).toList());
  }

  @Test
  void readdirReturnsAtMostMaxEntriesAndResumesAfterCookie() {
    for (int i = 0; i < 10; i++) {
      file(ROOT, "f" + i);
    }
    List<DirEntry> first = v.readdir(ROOT, 0, 4);
    assertEquals(4, first.size());
    List<DirEntry> rest = v.readdir(ROOT, first.get(3).cookie(), 100);
    assertEquals(
        List.of("f4", "f5", "f6", "f7", "f8", "f9"), rest.stream().map(DirEntry::name).toList());
  }

  @Test
  void readdirResumesAfterCookieOfRemovedEntry() {
    file(ROOT, "a");
    file(ROOT, "b");
    file(ROOT, "c");
    long cookieOfB = v.readdir(ROOT, 0, 100).get(1).cookie();
    v.unlink(ROOT, "b");
    v.unlink(ROOT, "a");
    List<DirEntry> rest = v.readdir(ROOT, cookieOfB, 100);
    assertEquals(List.of("c"), rest.stream().map(DirEntry::name).toList());
  }

  @Test
  void readdirCookiesAreNeverReused() {
    file(ROOT, "a");
    long cookieOfA = v.readdir(ROOT, 0, 1).get(0).cookie();
    v.unlink(ROOT, "a");
    file(ROOT, "a");
    assertTrue(v.readdir(ROOT, 0, 1).get(0).cookie() > cookieOfA);
  }

  @Test
  void renamedEntryMovesToTheEndOfItsDirectory() {
    file(ROOT, "a");
    file(ROOT, "b");
    v.rename(ROOT, "a", ROOT, "c");
    assertEquals(List.of("b", "c"), names(ROOT));
  }

  @Test
  void readdirOfFileIsEnotdir() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.readdir(f, 0, 10));
  }

  @Test
  void readdirOfEmptyDirectoryIsEmpty() {
    long d = dir(ROOT, "d");
    assertEquals(List.of(), v.readdir(d, 0, 10));
  }

  // ---- xattrs ----

  @Test
  void setxattrThenGetxattrReturnsValue() {
    long f = file(ROOT, "f");
    v.setxattr(f, "user.k", bytes("v1"), 0);
    assertArrayEquals(bytes("v1"), v.getxattr(f, "user.k"));
  }

  @Test
  void getxattrOfMissingNameIsEnodata() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENODATA, () -> v.getxattr(f, "user.none"));
  }

  @Test
  void xattrCreateOnExistingNameIsEexist() {
    long f = file(ROOT, "f");
    v.setxattr(f, "user.k", bytes("v1"), 0);
    assertErrno(Errno.EEXIST, () -> v.setxattr(f, "user.k", bytes("v2"), Volume.XATTR_CREATE));
    assertArrayEquals(bytes("v1"), v.getxattr(f, "user.k"));
  }

  @Test
  void xattrReplaceOnMissingNameIsEnodata() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENODATA, () -> v.setxattr(f, "user.k", bytes("v"), Volume.XATTR_REPLACE));
  }

  @Test
  void xattrReplaceOverwritesValue() {
    long f = file(ROOT, "f");
    v.setxattr(f, "user.k", bytes("v1"), Volume.XATTR_CREATE);
    v.setxattr(f, "user.k", bytes("v2"), Volume.XATTR_REPLACE);
    assertArrayEquals(bytes("v2"), v.getxattr(f, "user.k"));
  }

  @Test
  void listxattrReturnsNamesInNameOrder() {
    long d = dir(ROOT, "d");
    v.setxattr(d, "user.b", bytes("2"), 0);
    v.setxattr(d, "user.a", bytes(""), 0);
    assertEquals(List.of("user.a", "user.b"), v.listxattr(d));
  }

  @Test
  void removexattrRemovesAndThenIsEnodata() {
    long f = file(ROOT, "f");
    v.setxattr(f, "user.k", bytes("v"), 0);
    v.removexattr(f, "user.k");
    assertEquals(List.of(), v.listxattr(f));
    assertErrno(Errno.ENODATA, () -> v.removexattr(f, "user.k"));
  }

  @Test
  void setxattrSetsCtimeOnly() {
    long f = file(ROOT, "f");
    long mtime = v.getattr(f).mtimeNs();
    long now = tick();
    v.setxattr(f, "user.k", bytes("v"), 0);
    assertEquals(now, v.getattr(f).ctimeNs());
    assertEquals(mtime, v.getattr(f).mtimeNs());
  }

  @Test
  void setxattrWithUnknownFlagsIsEinval() {
    long f = file(ROOT, "f");
    assertErrno(Errno.EINVAL, () -> v.setxattr(f, "user.k", bytes("v"), 8));
  }

  @Test
  void emptyXattrNameIsErange() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ERANGE, () -> v.setxattr(f, "", bytes("v"), 0));
  }

  @Test
  void xattrValueIsCopiedNotShared() {
    long f = file(ROOT, "f");
    byte[] value = bytes("abc");
    v.setxattr(f, "user.k", value, 0);
    value[0] = 'X';
    v.getxattr(f, "user.k")[1] = 'Y';
    assertArrayEquals(bytes("abc"), v.getxattr(f, "user.k"));
  }

  // ---- statfs, fsync ----

  @Test
  void statfsReportsConsistentTotals() {
    StatFs s = v.statfs();
    assertTrue(s.blockSize() > 0);
    assertTrue(s.freeBlocks() <= s.totalBlocks());
    assertTrue(s.availBlocks() <= s.freeBlocks());
    assertTrue(s.freeInodes() <= s.totalInodes());
    assertEquals(Volume.MAX_NAME_BYTES, s.maxNameLength());
  }

  @Test
  void statfsCountsNewInodes() {
    long before = v.statfs().freeInodes();
    file(ROOT, "f");
    assertEquals(before - 1, v.statfs().freeInodes());
  }

  @Test
  void fsyncOfUnknownInodeIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.fsync(31_337));
  }

  // ---- durability (persistent implementations only) ----

  @Test
  void reopenKeepsTheWholeTree() {
    long d = dir(ROOT, "d");
    long f = file(d, "f");
    write(f, 70_000, random(5000, 4));
    v.link(f, ROOT, "hard");
    v.symlink(d, "s", "../hard", 0, 0);
    v.setxattr(d, "user.k", bytes("v"), 0);
    v.setattr(f, SetAttr.times(1L, 2L));
    TreeSnapshot before = TreeSnapshot.of(v);
    Volume reopened = reopenOrSkip();
    assertEquals("", before.diff(TreeSnapshot.of(reopened)));
  }

  @Test
  void reopenContinuesReaddirCookiesWithoutReuse() {
    file(ROOT, "a");
    file(ROOT, "b");
    long cookieOfB = v.readdir(ROOT, 0, 10).get(1).cookie();
    v.unlink(ROOT, "b");
    Volume reopened = reopenOrSkip();
    reopened.create(ROOT, "c", 0644, 0, 0);
    List<DirEntry> all = reopened.readdir(ROOT, 0, 10);
    assertEquals(List.of("a", "c"), all.stream().map(DirEntry::name).toList());
    assertTrue(all.get(1).cookie() > cookieOfB);
  }

  @Test
  void reopenFreesFilesThatWereOnlyKeptByOpenHandles() {
    long f = file(ROOT, "f");
    v.open(f);
    v.unlink(ROOT, "f");
    Volume reopened = reopenOrSkip();
    assertErrno(Errno.ENOENT, () -> reopened.getattr(f));
  }
}
