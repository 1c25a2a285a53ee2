package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.Volume;
import org.junit.jupiter.api.Test;

class PathWalkerTest {
  private final InMemoryVolume volume = new InMemoryVolume(new TestClock());
  private final PathWalker paths = new PathWalker(volume);

  @Test
  void resolvesRootAndNestedNames() {
    long a = volume.mkdir(Volume.ROOT, "a", 0755, 0, 0).ino();
    long b = volume.create(a, "b", 0644, 0, 0).ino();
    assertEquals(Volume.ROOT, paths.resolve("/"));
    assertEquals(a, paths.resolve("/a"));
    assertEquals(b, paths.resolve("/a/b"));
  }

  @Test
  void parentSplitsOffTheLastComponent() {
    long a = volume.mkdir(Volume.ROOT, "a", 0755, 0, 0).ino();
    assertEquals(new PathWalker.Parent(Volume.ROOT, "a"), paths.parent("/a"));
    assertEquals(new PathWalker.Parent(a, "new"), paths.parent("/a/new"));
  }

  @Test
  void missingComponentIsEnoent() {
    FsException e = assertThrows(FsException.class, () -> paths.resolve("/nope/x"));
    assertEquals(Errno.ENOENT, e.errno());
  }

  @Test
  void relativePathIsEinval() {
    FsException e = assertThrows(FsException.class, () -> paths.resolve("a/b"));
    assertEquals(Errno.EINVAL, e.errno());
  }
}
