package dev.smfs.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Seeded random directory trees and content snapshots of them, for the copy-tool tests. */
final class Trees {
  /** 2020-01-01T00:00:00Z. */
  private static final long PAST_MILLIS = 1_577_836_800_000L;

  private Trees() {}

  /**
   * Writes {@code files} small files (0 to 6 KiB of random bytes) spread over nested directories,
   * with a few symbolic links and varied permission bits, all from {@code seed}.
   */
  static void generate(Path root, int files, long seed) throws IOException {
    Random random = new Random(seed);
    String[] modes = {"rw-r--r--", "rwxr-xr-x", "rw-------", "r--r--r--", "rwxrwxr-x"};
    for (int i = 0; i < files; i++) {
      Path dir = root.resolve("d" + (i % 17)).resolve("e" + (i % 5));
      Files.createDirectories(dir);
      byte[] data = new byte[random.nextInt(6 * 1024 + 1)];
      random.nextBytes(data);
      Path file = dir.resolve("f" + i + ".bin");
      Files.write(file, data);
      Set<PosixFilePermission> perms =
          PosixFilePermissions.fromString(modes[random.nextInt(modes.length)]);
      Files.setPosixFilePermissions(file, perms);
      if (i % 97 == 0) {
        Files.createSymbolicLink(dir.resolve("link" + i), Path.of("f" + i + ".bin"));
      }
    }
    // Past, distinct, sub-second times (children before their directories), so copies that keep
    // times are told apart from ones that merely ran within the same second as the generator.
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }
    for (Path p : all) {
      if (!Files.isSymbolicLink(p)) {
        long millis = PAST_MILLIS + random.nextInt(1_000_000_000);
        Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
      }
    }
  }

  /**
   * Every entry under {@code root} by relative path: type, permission bits, and for files the size
   * and SHA-256 of the content, for links the target. With {@code mtimes}, also the modification
   * time in milliseconds (what cp -a, tar and rsync -a preserve).
   */
  static Map<String, String> snapshot(Path root, boolean mtimes) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        StringBuilder sb = new StringBuilder();
        if (Files.isSymbolicLink(p)) {
          sb.append("link->").append(Files.readSymbolicLink(p));
        } else {
          sb.append(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file");
          sb.append(' ')
              .append(
                  PosixFilePermissions.toString(
                      Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            sb.append(' ').append(Files.size(p)).append(' ').append(sha256(p));
          }
          if (mtimes && !rel.isEmpty()) {
            sb.append(" mtime=")
                .append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
          }
        }
        out.put(rel, sb.toString());
      }
    }
    return out;
  }

  /** Asserts equal snapshots, reporting only the first differing entries. */
  static void assertSame(Map<String, String> expected, Map<String, String> actual) {
    java.util.List<String> diffs = new java.util.ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      String e = expected.get(k);
      String a = actual.get(k);
      if (!java.util.Objects.equals(e, a)) {
        diffs.add(k + ": expected <" + e + "> actual <" + a + ">");
      }
    }
    if (!diffs.isEmpty()) {
      throw new AssertionError(
          diffs.size()
              + " of "
              + keys.size()
              + " entries differ, first ones:\n"
              + String.join("\n", diffs.subList(0, Math.min(10, diffs.size()))));
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
