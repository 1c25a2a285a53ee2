package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract, part 1: names and links (create, lookup, mkdir, symlink, link, unlink, rmdir,
 * open/release with deferred free). Extend {@link VolumeContractTest}, not this class.
 */
public abstract class NamespaceContract extends VolumeContractSupport {
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
  void symlinkHasPerm0777() {
    assertEquals(0777, v.symlink(ROOT, "s", "t", 0, 0).perm());
  }

  @Test
  void directoryReportsSizeOfOneBlock() {
    assertEquals(InMemoryVolume.DIRECTORY_SIZE, v.getattr(dir(ROOT, "d")).size());
  }

  @Test
  void nonDirectoryParentIsReportedBeforeABadName() {
    long f = file(ROOT, "f");
    assertErrno(Errno.ENOTDIR, () -> v.create(f, "..", 0644, 0, 0));
  }

  @Test
  void permWithTypeBitsIsEinval() {
    assertErrno(Errno.EINVAL, () -> v.create(ROOT, "f", 0100644, 0, 0));
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
}
