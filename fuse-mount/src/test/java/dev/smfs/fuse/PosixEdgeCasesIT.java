package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** POSIX semantics as applications see them through the kernel, one behaviour per test. */
@ParameterizedClass
@EnumSource(MountedFs.Backend.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixEdgeCasesIT {
  /** user::rw- group::r-- other::r-- in the kernel's xattr encoding (what cp -a sends). */
  private static final String MINIMAL_ACL =
      "0x0200000001000600ffffffff04000400ffffffff20000400ffffffff";

  @Parameter MountedFs.Backend backend;
  @TempDir Path tmp;
  private MountedFs fs;
  private Path root;

  @BeforeEach
  void setUp() throws Exception {
    fs =
        MountedFs.mount(
            backend, Files.createDirectory(tmp.resolve("mnt")), tmp.resolve("volume-data"));
    root = fs.root();
  }

  @AfterEach
  void tearDown() {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void renameOverExistingFileReplacesIt() throws Exception {
    Files.writeString(root.resolve("a"), "new");
    Files.writeString(root.resolve("b"), "old");
    Files.move(root.resolve("a"), root.resolve("b"), StandardCopyOption.ATOMIC_MOVE);
    assertFalse(Files.exists(root.resolve("a")));
    assertEquals("new", Files.readString(root.resolve("b")));
  }

  @Test
  void renameDirectoryOverEmptyDirectoryReplacesIt() throws Exception {
    Files.createDirectories(root.resolve("src/inner"));
    Files.createDirectory(root.resolve("dst"));
    Files.move(root.resolve("src"), root.resolve("dst"), StandardCopyOption.ATOMIC_MOVE);
    assertTrue(Files.isDirectory(root.resolve("dst/inner")));
    assertFalse(Files.exists(root.resolve("src")));
  }

  @Test
  void renameDirectoryOverNonEmptyDirectoryFails() throws Exception {
    Files.createDirectory(root.resolve("src"));
    Files.createDirectories(root.resolve("dst/child"));
    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () ->
                Files.move(
                    root.resolve("src"), root.resolve("dst"), StandardCopyOption.ATOMIC_MOVE));
    assertTrue(String.valueOf(e.getReason()).contains("not empty"), e::toString);
    assertTrue(Files.isDirectory(root.resolve("dst/child")));
  }

  @Test
  void unlinkedOpenFileStaysReadableUntilClose() throws Exception {
    Path file = root.resolve("doomed");
    Files.writeString(file, "still here");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Files.delete(file);
      assertFalse(Files.exists(file));
      assertEquals(List.of(), listNames());
      ByteBuffer buf = ByteBuffer.allocate(64);
      ch.read(buf, 0);
      assertEquals(
          "still here", new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void sparseFileReadsZerosInTheHole() throws Exception {
    Path file = root.resolve("sparse");
    long far = 10L * 1024 * 1024;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {7}), far);
    }
    assertEquals(far + 1, Files.size(file));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer hole = ByteBuffer.allocate(128 * 1024);
      ch.read(hole, far / 2);
      assertArrayEquals(new byte[hole.capacity()], hole.array());
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, far);
      assertEquals(7, last.get(0));
    }
  }

  @Test
  void truncateDownThenUpLeavesZerosWhereDataWas() throws Exception {
    Path file = root.resolve("t");
    byte[] data = new byte[10000];
    java.util.Arrays.fill(data, (byte) 'x');
    Files.write(file, data);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(100);
      assertEquals(100, Files.size(file));
      raf.setLength(5000);
    }
    byte[] read = Files.readAllBytes(file);
    assertEquals(5000, read.length);
    for (int i = 0; i < read.length; i++) {
      assertEquals(i < 100 ? (byte) 'x' : 0, read[i], "offset " + i);
    }
  }

  @Test
  void openWithTruncEmptiesTheFile() throws Exception {
    Path file = root.resolve("o");
    Files.writeString(file, "0123456789");
    Files.writeString(file, "ab", StandardOpenOption.TRUNCATE_EXISTING);
    assertEquals("ab", Files.readString(file));
  }

  @Test
  void exclusiveCreateOfAnExistingNameFailsAndKeepsTheFile() throws Exception {
    Path file = root.resolve("x");
    Files.writeString(file, "first");
    assertThrows(FileAlreadyExistsException.class, () -> Files.createFile(file)); // O_EXCL
    assertEquals("first", Files.readString(file));
  }

  /**
   * O_APPEND writes land at the current end even after another descriptor has rewritten the file
   * behind the appending one's back.
   */
  @Test
  void appendGoesToTheCurrentEnd() throws Exception {
    Path file = root.resolve("log");
    Files.writeString(file, "abc");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap("def".getBytes(StandardCharsets.UTF_8)));
      Files.writeString(file, "0123456789"); // O_TRUNC and a longer content
      ch.write(ByteBuffer.wrap("X".getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals("0123456789X", Files.readString(file));
  }

  @Test
  void fsyncOfAFileAndOfADirectorySucceeds() throws Exception {
    Path dir = Files.createDirectory(root.resolve("synced"));
    Path file = dir.resolve("f");
    Files.writeString(file, "data");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true); // fsync
      ch.force(false); // fdatasync
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true); // fsync of a directory: the kernel's FSYNCDIR
    }
    assertEquals("data", Files.readString(file));
  }

  @Test
  void statfsDescribesTheMount() throws Exception {
    FileStore store = Files.getFileStore(root);
    assertEquals("fuse.smfs", store.type());
    long total = store.getTotalSpace();
    long usable = store.getUsableSpace();
    assertTrue(total > 0, "total " + total);
    assertTrue(usable <= total, "usable " + usable + " > total " + total);
  }

  /** chown and nanosecond times through utimensat, as root (the only one allowed to give away). */
  @Test
  void ownerAndNanosecondTimesAreKept() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "chown to another user needs root");
    Path file = root.resolve("owned");
    Files.writeString(file, "x");
    Files.setAttribute(file, "unix:uid", 4242);
    Files.setAttribute(file, "unix:gid", 4343);
    FileTime time = FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z"));
    Files.setLastModifiedTime(file, time);
    assertEquals(4242, Files.getAttribute(file, "unix:uid"));
    assertEquals(4343, Files.getAttribute(file, "unix:gid"));
    assertEquals(time, Files.getLastModifiedTime(file));
  }

  @Test
  void chmodSetsPermissionBitsIncludingSpecialOnes() throws Exception {
    Path file = root.resolve("p");
    Files.writeString(file, "x");
    for (String mode : new String[] {"0", "640", "755", "4755", "2711", "1777"}) {
      Shell.ok(root, "chmod", mode, file.toString());
      String octal = Shell.ok(root, "stat", "-c", "%a", file.toString()).strip();
      assertEquals(mode, octal);
    }
  }

  @Test
  void symlinkResolvesAndDanglingLinkIsALink() throws Exception {
    Files.writeString(root.resolve("target"), "through the link");
    Path link = Files.createSymbolicLink(root.resolve("link"), Path.of("target"));
    assertEquals(Path.of("target"), Files.readSymbolicLink(link));
    assertEquals("through the link", Files.readString(link));
    Path dangling = Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere/x"));
    assertTrue(Files.isSymbolicLink(dangling));
    assertFalse(Files.exists(dangling));
    assertThrows(NoSuchFileException.class, () -> Files.readString(dangling));
  }

  @Test
  void hardLinkSharesInodeAndContentAndSurvivesUnlinkOfTheOtherName() throws Exception {
    Path a = root.resolve("a");
    Files.writeString(a, "one");
    Path b = Files.createLink(root.resolve("b"), a);
    assertEquals(Files.getAttribute(a, "unix:ino"), Files.getAttribute(b, "unix:ino"));
    assertEquals(2, Files.getAttribute(a, "unix:nlink"));
    Files.writeString(b, "two");
    assertEquals("two", Files.readString(a));
    Files.delete(a);
    assertEquals(1, Files.getAttribute(b, "unix:nlink"));
    assertEquals("two", Files.readString(b));
  }

  @Test
  void userXattrsRoundTripThroughJavaWithSizeProbe() throws Exception {
    Path file = root.resolve("x");
    Files.writeString(file, "x");
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    byte[] value = "value with some length".getBytes(StandardCharsets.UTF_8);
    view.write("smfs.test", ByteBuffer.wrap(value));
    view.write("other", ByteBuffer.wrap(new byte[0]));
    assertEquals(List.of("other", "smfs.test"), view.list().stream().sorted().toList());
    assertEquals(value.length, view.size("smfs.test"));
    ByteBuffer read = ByteBuffer.allocate(view.size("smfs.test"));
    view.read("smfs.test", read);
    assertArrayEquals(value, read.array());
    view.delete("smfs.test");
    assertEquals(List.of("other"), view.list());
  }

  @Test
  void xattrsThroughSetfattrAndGetfattr() throws Exception {
    Path file = root.resolve("y");
    Files.writeString(file, "y");
    Shell.ok(root, "setfattr", "-n", "user.colour", "-v", "blue", file.toString());
    String dump = Shell.ok(root, "getfattr", "--absolute-names", "-d", file.toString());
    assertTrue(dump.contains("user.colour=\"blue\""), dump);
    Shell.ok(root, "setfattr", "-x", "user.colour", file.toString());
    Shell.Result missing = Shell.run(root, "getfattr", "-n", "user.colour", file.toString());
    assertTrue(missing.output().contains("No such attribute"), missing.output());
  }

  @Test
  void aclXattrIsRefusedSoModeBitsStayTheTruth() throws Exception {
    Path file = root.resolve("acl");
    Files.writeString(file, "x");
    Shell.Result r =
        Shell.run(
            root, "setfattr", "-n", "system.posix_acl_access", "-v", MINIMAL_ACL, file.toString());
    assertTrue(r.exitCode() != 0 && r.output().contains("Operation not supported"), r.output());
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
  }

  @Test
  void readdirListsManyEntriesAcrossSeveralCalls() throws Exception {
    Path dir = Files.createDirectory(root.resolve("many"));
    for (int i = 0; i < 1500; i++) {
      Files.createFile(dir.resolve("entry-with-a-longish-name-" + i));
    }
    try (var list = Files.list(dir)) {
      assertEquals(1500, list.count());
    }
  }

  private List<String> listNames() throws Exception {
    try (var list = Files.list(root)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
