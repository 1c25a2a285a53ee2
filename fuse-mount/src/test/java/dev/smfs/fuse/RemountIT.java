package dev.smfs.fuse;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unmounting and mounting the same data directory again gives back every byte and attribute. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RemountIT {
  @TempDir Path tmp;
  private MountedFs fs;

  @AfterEach
  void tearDown() {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void remountKeepsEveryByteAndAttribute() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    Path data = tmp.resolve("data");
    fs = MountedFs.mountLog(mnt, data, SafetyLevel.LOCAL_SYNC);
    Path root = fs.root();
    Trees.generate(root.resolve("tree"), 400, 5);
    Path sparse = root.resolve("sparse");
    try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
      raf.seek(3L * 1024 * 1024);
      raf.write("tail".getBytes(StandardCharsets.UTF_8));
      raf.setLength(5L * 1024 * 1024);
    }
    Files.createLink(root.resolve("hard"), root.resolve("tree/d1/e1/f1.bin"));
    // O_DSYNC writes and fsync(2): the adapter answers the kernel's FSYNC with ENOSYS at this level
    // (every write is durable on return), and the kernel must report success to the caller.
    try (FileChannel ch =
        FileChannel.open(
            root.resolve("dsync.bin"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.DSYNC)) {
      for (int i = 0; i < 16; i++) {
        ch.write(ByteBuffer.wrap(new byte[4096]).put(0, (byte) i));
      }
      ch.force(true);
      ch.force(false);
    }
    Files.getFileAttributeView(root.resolve("tree"), UserDefinedFileAttributeView.class)
        .write("smfs.note", ByteBuffer.wrap("kept".getBytes(StandardCharsets.UTF_8)));
    Shell.ok(root, "chmod", "4750", root.resolve("tree/d2/e2/f2.bin").toString());
    Files.setLastModifiedTime(root.resolve("tree/d3"), FileTime.fromMillis(1234567890123L));
    Map<String, String> before = describe(root);
    fs.close();
    fs = null;

    fs = MountedFs.mountLog(mnt, data, SafetyLevel.LOCAL_SYNC);
    Trees.assertSame(before, describe(fs.root()));
  }

  /**
   * Content snapshot plus what Trees leaves out: inode number, link count, owner, nanosecond mtime
   * and ctime, and user xattrs.
   */
  private static Map<String, String> describe(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    Trees.snapshot(root, false).forEach((k, v) -> out.put(k, v));
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        Map<String, Object> unix = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        StringBuilder sb = new StringBuilder(out.get(rel));
        for (String key : new String[] {"ino", "nlink", "uid", "gid", "mode", "size"}) {
          sb.append(' ').append(key).append('=').append(unix.get(key));
        }
        sb.append(" mtime=").append(((FileTime) unix.get("lastModifiedTime")).toInstant());
        sb.append(" ctime=").append(((FileTime) unix.get("ctime")).toInstant());
        if (!Files.isSymbolicLink(p)) {
          UserDefinedFileAttributeView view =
              Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
          for (String name : view.list().stream().sorted().toList()) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            sb.append(" xattr:").append(name).append('=');
            sb.append(new String(value.array(), StandardCharsets.UTF_8));
          }
        }
        out.put(rel, sb.toString());
      }
    }
    return out;
  }
}
