package dev.smfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Contract, part 2: rename(2) semantics. Extend {@link VolumeContractTest}, not this class. */
public abstract class RenameContract extends NamespaceContract {
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
}
