package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.Volume;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The adapter called directly, as libfuse would, without a mount: errno mapping, the xattr size
 * protocol, readlink truncation, and reads and writes through native buffers by file handle.
 */
class SmfsFuseTest {
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();

  private final InMemoryVolume volume = new InMemoryVolume(new TestClock());
  private final SmfsFuse fuse = new SmfsFuse(volume);

  private static Pointer memory(int size) {
    return Memory.allocateDirect(RUNTIME, size, true);
  }

  private static FuseFileInfo fileInfo() {
    return FuseFileInfo.of(memory(256));
  }

  @Test
  void missingPathIsMinusEnoent() {
    FileStat stat = FileStat.of(memory(256));
    assertEquals(-Errno.ENOENT.code(), fuse.getattr("/missing", stat));
  }

  @Test
  void getattrFillsTypeModeSizeAndInode() {
    long ino = volume.create(Volume.ROOT, "f", 0640, 0, 0).ino();
    volume.write(ino, 0, java.nio.ByteBuffer.wrap(new byte[1234]));
    FileStat stat = FileStat.of(memory(256));
    assertEquals(0, fuse.getattr("/f", stat));
    assertEquals(FileStat.S_IFREG | 0640, stat.st_mode.intValue());
    assertEquals(1234, stat.st_size.longValue());
    assertEquals(ino, stat.st_ino.longValue());
  }

  /** A volume on which every call fails: it shows whether the adapter asked the volume at all. */
  private static Volume failingVolume() {
    return (Volume)
        Proxy.newProxyInstance(
            Volume.class.getClassLoader(),
            new Class<?>[] {Volume.class},
            (p, m, a) -> {
              throw new IllegalStateException("the volume was asked: " + m.getName());
            });
  }

  @Test
  void fsyncWhereEveryChangeIsDurableOnReturnIsEnosysWithoutAskingTheVolume() {
    SmfsFuse durable = new SmfsFuse(failingVolume(), FuseMetrics.noop(), true);
    assertEquals(-38, durable.fsync("/f", 1, fileInfo()));
    assertEquals(-38, durable.fsyncdir("/", fileInfo()));
  }

  @Test
  void withoutXattrsEveryXattrCallIsEnosysWithoutAskingTheVolume() {
    SmfsFuse none = new SmfsFuse(failingVolume(), FuseMetrics.noop(), false, false);
    Pointer buf = memory(64);
    assertEquals(-38, none.getxattr("/f", "security.capability", buf, 64));
    assertEquals(-38, none.getxattr("/f", "user.k", buf, 64));
    assertEquals(-38, none.setxattr("/f", "user.k", buf, 4, 0));
    assertEquals(-38, none.listxattr("/f", buf, 64));
    assertEquals(-38, none.removexattr("/f", "user.k"));
    // The same adapter still serves everything else.
    assertEquals(-Errno.EIO.code(), none.getattr("/f", FileStat.of(memory(256))));
  }

  @Test
  void withXattrsTheCallsReachTheVolume() {
    long ino = volume.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    SmfsFuse served = new SmfsFuse(volume, FuseMetrics.noop(), false, true);
    Pointer value = memory(4);
    value.put(0, new byte[] {1, 2, 3, 4}, 0, 4);
    assertEquals(0, served.setxattr("/f", "user.k", value, 4, 0));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, volume.getxattr(ino, "user.k"));
    assertEquals(4, served.getxattr("/f", "user.k", memory(16), 16));
  }

  @Test
  void fsyncAtAsyncWaitsForTheVolume() {
    SmfsFuse async = new SmfsFuse(failingVolume(), FuseMetrics.noop(), false);
    assertEquals(-Errno.EIO.code(), async.fsync("/f", 1, fileInfo()));
    assertEquals(-Errno.EIO.code(), async.fsyncdir("/", fileInfo()));
    long ino = volume.create(Volume.ROOT, "f", 0640, 0, 0).ino();
    FuseFileInfo fi = fileInfo();
    fi.fh.set(ino);
    assertEquals(0, fuse.fsync("/f", 1, fi));
  }

  @Test
  void unexpectedExceptionIsMinusEio() {
    Volume broken =
        (Volume)
            Proxy.newProxyInstance(
                Volume.class.getClassLoader(),
                new Class<?>[] {Volume.class},
                (p, m, a) -> {
                  throw new IllegalStateException("bug in the volume");
                });
    assertEquals(-Errno.EIO.code(), new SmfsFuse(broken).getattr("/x", FileStat.of(memory(256))));
  }

  @Test
  void getxattrSizeProbeThenErangeThenValue() {
    long ino = volume.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    byte[] value = "twelve bytes".getBytes(StandardCharsets.UTF_8);
    volume.setxattr(ino, "user.k", value, 0);
    Pointer buf = memory(64);
    assertEquals(value.length, fuse.getxattr("/f", "user.k", buf, 0));
    assertEquals(-Errno.ERANGE.code(), fuse.getxattr("/f", "user.k", buf, value.length - 1));
    assertEquals(value.length, fuse.getxattr("/f", "user.k", buf, 64));
    byte[] read = new byte[value.length];
    buf.get(0, read, 0, read.length);
    assertArrayEquals(value, read);
    assertEquals(-Errno.ENODATA.code(), fuse.getxattr("/f", "user.none", buf, 64));
  }

  @Test
  void listxattrIsNulTerminatedNamesWithSizeProbe() {
    long ino = volume.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    volume.setxattr(ino, "user.a", new byte[] {1}, 0);
    volume.setxattr(ino, "user.bb", new byte[] {2}, 0);
    int need = fuse.listxattr("/f", memory(1), 0);
    assertEquals("user.a\0user.bb\0".length(), need);
    assertEquals(-Errno.ERANGE.code(), fuse.listxattr("/f", memory(64), need - 1));
    Pointer buf = memory(64);
    assertEquals(need, fuse.listxattr("/f", buf, 64));
    byte[] names = new byte[need];
    buf.get(0, names, 0, need);
    java.util.Set<String> got =
        java.util.Set.of(new String(names, StandardCharsets.US_ASCII).split("\0"));
    assertEquals(java.util.Set.of("user.a", "user.bb"), got);
  }

  @Test
  void capabilityXattrIsNeitherKeptNorLookedUp() {
    assertEquals(
        -Errno.ENOTSUP.code(), fuse.setxattr("/any", "security.capability", memory(8), 8, 0));
    // Answered before any path walk: even a missing path gets ENODATA, not ENOENT.
    assertEquals(
        -Errno.ENODATA.code(), fuse.getxattr("/missing", "security.capability", memory(8), 8));
  }

  @Test
  void aclXattrsAreRefused() {
    volume.create(Volume.ROOT, "f", 0644, 0, 0);
    assertEquals(
        -Errno.ENOTSUP.code(), fuse.setxattr("/f", "system.posix_acl_access", memory(8), 8, 0));
    assertEquals(
        -Errno.ENODATA.code(), fuse.getxattr("/f", "system.posix_acl_default", memory(8), 8));
  }

  @Test
  void readlinkTruncatesToTheBufferAndTerminates() {
    volume.symlink(Volume.ROOT, "l", "abcdefgh", 0, 0);
    Pointer buf = memory(16);
    assertEquals(0, fuse.readlink("/l", buf, 5));
    assertEquals("abcd", buf.getString(0));
  }

  @Test
  void writeAndReadByHandleThroughNativeBuffers() {
    volume.create(Volume.ROOT, "f", 0644, 0, 0);
    FuseFileInfo fi = fileInfo();
    assertEquals(0, fuse.open("/f", fi));
    byte[] data = new byte[200_000];
    new java.util.Random(7).nextBytes(data);
    Pointer src = memory(data.length);
    src.put(0, data, 0, data.length);
    assertEquals(data.length, fuse.write(null, src, data.length, 10, fi));
    Pointer dst = memory(data.length + 100);
    assertEquals(data.length + 10, fuse.read(null, dst, data.length + 100, 0, fi));
    byte[] back = new byte[data.length];
    dst.get(10, back, 0, back.length);
    assertArrayEquals(data, back);
    assertEquals(0, fuse.release(null, fi));
  }

  @Test
  void unlinkedFileStaysReadableThroughItsHandle() {
    long ino = volume.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    volume.write(ino, 0, java.nio.ByteBuffer.wrap("kept".getBytes(StandardCharsets.UTF_8)));
    FuseFileInfo fi = fileInfo();
    assertEquals(0, fuse.open("/f", fi));
    assertEquals(0, fuse.unlink("/f"));
    Pointer dst = memory(16);
    assertEquals(4, fuse.read(null, dst, 16, 0, fi));
    assertEquals(0, fuse.release(null, fi));
  }

  @Test
  void appendHandleWritesAtTheCurrentEnd() {
    long ino = volume.create(Volume.ROOT, "f", 0644, 0, 0).ino();
    volume.write(ino, 0, java.nio.ByteBuffer.wrap(new byte[100]));
    FuseFileInfo fi = fileInfo();
    fi.flags.set(01 | 02000); // O_WRONLY | O_APPEND
    assertEquals(0, fuse.open("/f", fi));
    Pointer src = memory(3);
    assertEquals(3, fuse.write(null, src, 3, 0, fi));
    assertEquals(103, volume.getattr(ino).size());
    fuse.release(null, fi);
  }
}
