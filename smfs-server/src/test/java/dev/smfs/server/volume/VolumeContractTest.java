package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.testing.TreeSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link Volume} must show, written against the interface only. An
 * implementation's test extends this class and supplies {@link #newVolume}; a persistent one also
 * overrides {@link #reopen} so the durability tests run. Each test checks one behaviour.
 *
 * <p>The clock is a {@link TestClock}; tests advance it with {@link #tick()} so every time field
 * can be checked exactly.
 */
public abstract class VolumeContractTest {
  protected static final long ROOT = Volume.ROOT;
  protected TestClock clock;
  protected Volume v;

  /** A new, empty volume on {@code clock}. */
  protected abstract Volume newVolume(TestClock clock);

  /**
   * Closes {@code volume} and opens the same storage again on the same clock; implementations
   * without storage keep the default, which skips the durability tests.
   */
  protected Volume reopen(Volume volume, TestClock clock) {
    throw new UnsupportedOperationException("no persistent storage");
  }

  @BeforeEach
  void createVolume() {
    clock = new TestClock();
    v = newVolume(clock);
  }

  @AfterEach
  void closeVolume() {
    v.close();
  }

  // ---- helpers ----

  /** Advances the clock by one second and returns the new time. */
  protected long tick() {
    return clock.advanceNanos(1_000_000_000L);
  }

  protected static void assertErrno(Errno expected, Executable call) {
    FsException e = assertThrows(FsException.class, call);
    assertEquals(expected, e.errno(), e.getMessage());
  }

  protected long file(long parent, String name) {
    return v.create(parent, name, 0644, 1000, 1000).ino();
  }

  protected long dir(long parent, String name) {
    return v.mkdir(parent, name, 0755, 1000, 1000).ino();
  }

  protected void write(long ino, long offset, byte[] data) {
    assertEquals(data.length, v.write(ino, offset, ByteBuffer.wrap(data)));
  }

  protected byte[] read(long ino, long offset, int len) {
    ByteBuffer buf = ByteBuffer.allocate(len);
    int n = v.read(ino, offset, buf);
    return Arrays.copyOf(buf.array(), n);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] random(int len, long seed) {
    byte[] b = new byte[len];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  protected List<String> names(long dir) {
    return TreeSnapshot.readdirAll(v, dir).stream().map(DirEntry::name).toList();
  }

  private Volume reopenOrSkip() {
    try {
      v = reopen(v, clock);
      return v;
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("volume is not persistent: " + e.getMessage());
      return null;
    }
  }

  // ---- root, getattr, lookup, create ----

  @Test
  void rootIsDirectoryWithNlinkTwo() {
    InodeAttr root = v.getattr(ROOT);
    assertEquals(FileType.DIRECTORY, root.type());
    assertEquals(2, root.nlink());
  }

  @Test
  void getattrOfUnknownInodeIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.getattr(987_654));
  }

  @Test
  void createReturnsEmptyRegularFileWithRequestedAttributes() {
    long now = tick();
    InodeAttr a = v.create(ROOT, "f", 0640, 1001, 1002);
    assertEquals(FileType.REGULAR, a.type());
    assertEquals(0640, a.perm());
    assertEquals(1001, a.uid());
    assertEquals(1002, a.gid());
    assertEquals(0, a.size());
    assertEquals(1, a.nlink());
    assertEquals(List.of(now, now, now), List.of(a.atimeNs(), a.mtimeNs(), a.ctimeNs()));
    assertEquals(a, v.getattr(a.ino()));
  }

  @Test
  void createOfExistingNameIsEexist() {
    file(ROOT, "f");
    assertErrno(Errno.EEXIST, () -> v.create(ROOT, "f", 0644, 0, 0));
  }

  @Test
  void createUnderRegularFileIsEnotdir() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.create(f, "g", 0644, 0, 0));
  }

  @Test
  void createUnderUnknownInodeIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.create(424_242, "g", 0644, 0, 0));
  }

  @Test
  void reservedOrMalformedNamesAreEinval() {
    for (String bad : new String[] {"", ".", "..", "a/b", "nul\0"}) {
      assertErrno(Errno.EINVAL, () -> v.create(ROOT, bad, 0644, 0, 0));
    }
  }

  @Test
  void nameLongerThan255BytesIsEnametoolong() {
    assertErrno(Errno.ENAMETOOLONG, () -> v.create(ROOT, "x".repeat(256), 0644, 0, 0));
  }

  @Test
  void nameOf255BytesOfUtf8IsAccepted() {
    String name = "é".repeat(127) + "x"; // 2 * 127 + 1 = 255 bytes
    long f = file(ROOT, name);
    assertEquals(f, v.lookup(ROOT, name).ino());
  }

  @Test
  void lookupFindsCreatedInode() {
    long f = file(ROOT, "f");
    assertEquals(v.getattr(f), v.lookup(ROOT, "f"));
  }

  @Test
  void lookupOfMissingNameIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.lookup(ROOT, "nope"));
  }

  @Test
  void lookupUnderRegularFileIsEnotdir() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.lookup(f, "x"));
  }

  @Test
  void createSetsParentMtimeAndCtime() {
    long d = dir(ROOT, "d");
    long now = tick();
    file(d, "f");
    InodeAttr parent = v.getattr(d);
    assertEquals(now, parent.mtimeNs());
    assertEquals(now, parent.ctimeNs());
  }

  // ---- mkdir, symlink ----

  @Test
  void newDirectoryHasNlinkTwoAndBumpsParentNlink() {
    InodeAttr d = v.mkdir(ROOT, "d", 0700, 5, 6);
    assertEquals(FileType.DIRECTORY, d.type());
    assertEquals(2, d.nlink());
    assertEquals(0700, d.perm());
    assertEquals(3, v.getattr(ROOT).nlink());
  }

  @Test
  void mkdirOfExistingNameIsEexist() {
    file(ROOT, "x");
    assertErrno(Errno.EEXIST, () -> v.mkdir(ROOT, "x", 0755, 0, 0));
  }

  @Test
  void symlinkStoresTargetAndSizeIsTargetLength() {
    InodeAttr s = v.symlink(ROOT, "s", "../some/where", 7, 8);
    assertEquals(FileType.SYMLINK, s.type());
    assertEquals(13, s.size());
    assertEquals(1, s.nlink());
    assertEquals("../some/where", v.readlink(s.ino()));
  }

  @Test
  void readlinkOfNonSymlinkIsEinval() {
    long f = file(ROOT, "f");
    assertErrno(Errno.EINVAL, () -> v.readlink(f));
  }

  // ---- link, unlink ----

  @Test
  void linkAddsNameAndIncrementsNlink() {
    long f = file(ROOT, "f");
    InodeAttr a = v.link(f, ROOT, "g");
    assertEquals(f, a.ino());
    assertEquals(2, a.nlink());
    assertEquals(f, v.lookup(ROOT, "g").ino());
  }

  @Test
  void linkSetsCtimeOfInodeAndMtimeOfNewParent() {
    long f = file(ROOT, "f");
    long d = dir(ROOT, "d");
    long now = tick();
    v.link(f, d, "g");
    assertEquals(now, v.getattr(f).ctimeNs());
    assertEquals(now, v.getattr(d).mtimeNs());
  }

  @Test
  void linkOfDirectoryIsEperm() {
    long d = dir(ROOT, "d");
    assertErrno(Errno.EPERM, () -> v.link(d, ROOT, "e"));
  }

  @Test
  void linkToExistingNameIsEexist() {
    long f = file(ROOT, "f");
    file(ROOT, "g");
    assertErrno(Errno.EEXIST, () -> v.link(f, ROOT, "g"));
  }

  @Test
  void unlinkOfOneHardLinkKeepsTheOther() {
    long f = file(ROOT, "f");
    v.link(f, ROOT, "g");
    write(f, 0, bytes("data"));
    v.unlink(ROOT, "f");
    assertEquals(1, v.getattr(f).nlink());
    assertArrayEquals(bytes("data"), read(v.lookup(ROOT, "g").ino(), 0, 10));
  }

  @Test
  void unlinkOfLastNameFreesInode() {
    long f = file(ROOT, "f");
    v.unlink(ROOT, "f");
    assertErrno(Errno.ENOENT, () -> v.getattr(f));
    assertErrno(Errno.ENOENT, () -> v.lookup(ROOT, "f"));
  }

  @Test
  void unlinkOfDirectoryIsEisdir() {
    dir(ROOT, "d");
    assertErrno(Errno.EISDIR, () -> v.unlink(ROOT, "d"));
  }

  @Test
  void unlinkOfMissingNameIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.unlink(ROOT, "nope"));
  }

  @Test
  void unlinkSetsCtimeOfInodeAndTimesOfParent() {
    long f = file(ROOT, "f");
    v.link(f, ROOT, "g");
    long now = tick();
    v.unlink(ROOT, "g");
    assertEquals(now, v.getattr(f).ctimeNs());
    assertEquals(now, v.getattr(ROOT).mtimeNs());
    assertEquals(now, v.getattr(ROOT).ctimeNs());
  }

  // ---- open, release, deferred free ----

  @Test
  void openFileStaysReadableAfterUnlinkWithNlinkZero() {
    long f = file(ROOT, "f");
    write(f, 0, bytes("still here"));
    v.open(f);
    v.unlink(ROOT, "f");
    assertEquals(0, v.getattr(f).nlink());
    assertArrayEquals(bytes("still here"), read(f, 0, 100));
  }

  @Test
  void openUnlinkedFileAcceptsWrites() {
    long f = file(ROOT, "f");
    v.open(f);
    v.unlink(ROOT, "f");
    write(f, 3, bytes("abc"));
    assertEquals(6, v.getattr(f).size());
  }

  @Test
  void lastReleaseFreesUnlinkedInode() {
    long f = file(ROOT, "f");
    v.open(f);
    v.open(f);
    v.unlink(ROOT, "f");
    v.release(f);
    assertEquals(0, v.getattr(f).nlink());
    v.release(f);
    assertErrno(Errno.ENOENT, () -> v.getattr(f));
  }

  @Test
  void releaseOfLinkedFileKeepsIt() {
    long f = file(ROOT, "f");
    v.open(f);
    v.release(f);
    assertEquals(1, v.getattr(f).nlink());
  }

  @Test
  void openOfUnknownInodeIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.open(777_777));
  }

  @Test
  void releaseWithoutOpenIsEbadf() {
    long f = file(ROOT, "f");
    assertErrno(Errno.EBADF, () -> v.release(f));
  }

  @Test
  void linkOfOpenUnlinkedFileIsEnoent() {
    long f = file(ROOT, "f");
    v.open(f);
    v.unlink(ROOT, "f");
    assertErrno(Errno.ENOENT, () -> v.link(f, ROOT, "back"));
  }

  // ---- rmdir ----

  @Test
  void rmdirRemovesEmptyDirectoryAndDropsParentNlink() {
    long d = dir(ROOT, "d");
    v.rmdir(ROOT, "d");
    assertErrno(Errno.ENOENT, () -> v.getattr(d));
    assertEquals(2, v.getattr(ROOT).nlink());
  }

  @Test
  void rmdirOfNonEmptyDirectoryIsEnotempty() {
    long d = dir(ROOT, "d");
    file(d, "f");
    assertErrno(Errno.ENOTEMPTY, () -> v.rmdir(ROOT, "d"));
  }

  @Test
  void rmdirOfFileIsEnotdir() {
    file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.rmdir(ROOT, "f"));
  }

  @Test
  void rmdirOfMissingNameIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.rmdir(ROOT, "nope"));
  }

  @Test
  void createInRemovedOpenDirectoryIsEnoent() {
    long d = dir(ROOT, "d");
    v.open(d);
    v.rmdir(ROOT, "d");
    assertErrno(Errno.ENOENT, () -> v.create(d, "f", 0644, 0, 0));
    v.release(d);
  }

  // ---- rename ----

  @Test
  void renameMovesNameKeepingInode() {
    long f = file(ROOT, "f");
    v.rename(ROOT, "f", ROOT, "g");
    assertEquals(f, v.lookup(ROOT, "g").ino());
    assertErrno(Errno.ENOENT, () -> v.lookup(ROOT, "f"));
  }

  @Test
  void renameReplacesExistingFileAndFreesIt() {
    long f = file(ROOT, "f");
    long g = file(ROOT, "g");
    v.rename(ROOT, "f", ROOT, "g");
    assertEquals(f, v.lookup(ROOT, "g").ino());
    assertErrno(Errno.ENOENT, () -> v.getattr(g));
    assertEquals(List.of("g"), names(ROOT));
  }

  @Test
  void renameOverOpenFileKeepsItReadable() {
    long f = file(ROOT, "f");
    long g = file(ROOT, "g");
    write(g, 0, bytes("old"));
    v.open(g);
    v.rename(ROOT, "f", ROOT, "g");
    assertEquals(0, v.getattr(g).nlink());
    assertArrayEquals(bytes("old"), read(g, 0, 10));
    v.release(g);
    assertErrno(Errno.ENOENT, () -> v.getattr(g));
    assertEquals(f, v.lookup(ROOT, "g").ino());
  }

  @Test
  void renameDirectoryReplacesEmptyDirectory() {
    long a = dir(ROOT, "a");
    long b = dir(ROOT, "b");
    v.rename(ROOT, "a", ROOT, "b");
    assertEquals(a, v.lookup(ROOT, "b").ino());
    assertErrno(Errno.ENOENT, () -> v.getattr(b));
    assertEquals(3, v.getattr(ROOT).nlink());
  }

  @Test
  void renameDirectoryOverNonEmptyDirectoryIsEnotempty() {
    dir(ROOT, "a");
    long b = dir(ROOT, "b");
    file(b, "f");
    assertErrno(Errno.ENOTEMPTY, () -> v.rename(ROOT, "a", ROOT, "b"));
  }

  @Test
  void renameFileOverDirectoryIsEisdir() {
    file(ROOT, "f");
    dir(ROOT, "d");
    assertErrno(Errno.EISDIR, () -> v.rename(ROOT, "f", ROOT, "d"));
  }

  @Test
  void renameDirectoryOverFileIsEnotdir() {
    dir(ROOT, "d");
    file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.rename(ROOT, "d", ROOT, "f"));
  }

  @Test
  void renameDirectoryIntoItselfIsEinval() {
    long a = dir(ROOT, "a");
    assertErrno(Errno.EINVAL, () -> v.rename(ROOT, "a", a, "x"));
  }

  @Test
  void renameDirectoryIntoItsOwnSubtreeIsEinval() {
    long a = dir(ROOT, "a");
    long b = dir(a, "b");
    long c = dir(b, "c");
    assertErrno(Errno.EINVAL, () -> v.rename(ROOT, "a", c, "x"));
  }

  @Test
  void renameOverAnAncestorOfTheSourceIsEnotempty() {
    long a = dir(ROOT, "a");
    dir(a, "b");
    assertErrno(Errno.ENOTEMPTY, () -> v.rename(a, "b", ROOT, "a"));
  }

  @Test
  void renameOntoItselfChangesNothing() {
    long f = file(ROOT, "f");
    InodeAttr before = v.getattr(f);
    InodeAttr rootBefore = v.getattr(ROOT);
    tick();
    v.rename(ROOT, "f", ROOT, "f");
    assertEquals(before, v.getattr(f));
    assertEquals(rootBefore, v.getattr(ROOT));
  }

  @Test
  void renameBetweenHardLinksOfOneInodeKeepsBothNames() {
    long f = file(ROOT, "f");
    v.link(f, ROOT, "g");
    v.rename(ROOT, "f", ROOT, "g");
    assertEquals(f, v.lookup(ROOT, "f").ino());
    assertEquals(f, v.lookup(ROOT, "g").ino());
    assertEquals(2, v.getattr(f).nlink());
  }

  @Test
  void renameDirectoryToOtherParentMovesNlink() {
    long a = dir(ROOT, "a");
    long b = dir(ROOT, "b");
    dir(a, "sub");
    v.rename(a, "sub", b, "sub");
    assertEquals(2, v.getattr(a).nlink());
    assertEquals(3, v.getattr(b).nlink());
    assertEquals(4, v.getattr(ROOT).nlink());
  }

  @Test
  void movedDirectoryCanBeMovedBackOutOfItsNewParent() {
    long a = dir(ROOT, "a");
    long b = dir(ROOT, "b");
    long sub = dir(a, "sub");
    v.rename(a, "sub", b, "sub");
    // the moved directory's parent is now b: moving b into sub must fail, a into sub must not
    assertErrno(Errno.EINVAL, () -> v.rename(ROOT, "b", sub, "b"));
    v.rename(ROOT, "a", sub, "a");
    assertEquals(a, v.lookup(sub, "a").ino());
  }

  @Test
  void renameOfMissingSourceIsEnoent() {
    assertErrno(Errno.ENOENT, () -> v.rename(ROOT, "nope", ROOT, "x"));
  }

  @Test
  void renameSetsCtimeOfInodeAndTimesOfBothParents() {
    long a = dir(ROOT, "a");
    long b = dir(ROOT, "b");
    long f = file(a, "f");
    long now = tick();
    v.rename(a, "f", b, "g");
    assertEquals(now, v.getattr(f).ctimeNs());
    for (long d : new long[] {a, b}) {
      assertEquals(now, v.getattr(d).mtimeNs());
      assertEquals(now, v.getattr(d).ctimeNs());
    }
  }

  @Test
  void renameKeepsModificationTimeOfMovedFile() {
    long f = file(ROOT, "f");
    long mtime = v.getattr(f).mtimeNs();
    tick();
    v.rename(ROOT, "f", ROOT, "g");
    assertEquals(mtime, v.getattr(f).mtimeNs());
  }

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
