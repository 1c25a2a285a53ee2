package dev.smfs.bench;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compares two volumes' trees through the {@link Volume} API: the same paths, and for each the same
 * type, permissions, owner, size, link count, modification time, and bytes (SHA-256) or symlink
 * target. Inode numbers are not compared (a tree is equal if it reads the same).
 */
final class TreeCompare {
  private static final int READ_CHUNK = 1 << 20;
  private static final int READDIR_BATCH = 256;

  private TreeCompare() {}

  /** A readable description of the first difference, or null when the trees are equal. */
  static String firstDifference(Volume a, Volume b) {
    SortedMap<String, String> left = describe(a);
    SortedMap<String, String> right = describe(b);
    for (var e : left.entrySet()) {
      String other = right.get(e.getKey());
      if (!e.getValue().equals(other)) {
        return "path=" + e.getKey() + " primary=" + e.getValue() + " mirror=" + other;
      }
    }
    for (String path : right.keySet()) {
      if (!left.containsKey(path)) {
        return "path=" + path + " primary=absent mirror=" + right.get(path);
      }
    }
    return null;
  }

  /** Path → one line describing the node, for every node under the root (the root included). */
  static SortedMap<String, String> describe(Volume v) {
    SortedMap<String, String> out = new TreeMap<>();
    walk(v, Volume.ROOT, "/", out);
    return out;
  }

  private static void walk(Volume v, long ino, String path, SortedMap<String, String> out) {
    InodeAttr a = v.getattr(ino);
    StringBuilder d = new StringBuilder();
    d.append(a.type())
        .append(" perm=")
        .append(Integer.toOctalString(a.perm()))
        .append(" uid=")
        .append(a.uid())
        .append(" gid=")
        .append(a.gid())
        .append(" size=")
        .append(a.size())
        .append(" nlink=")
        .append(a.nlink())
        .append(" mtime=")
        .append(a.mtimeNs());
    if (a.type() == FileType.REGULAR) {
      d.append(" sha256=").append(sha256(v, ino, a.size()));
    } else if (a.type() == FileType.SYMLINK) {
      d.append(" target=").append(v.readlink(ino));
    }
    out.put(path, d.toString());
    if (a.type() != FileType.DIRECTORY) {
      return;
    }
    for (DirEntry e : readdirAll(v, ino)) {
      if (e.name().equals(".") || e.name().equals("..")) {
        continue;
      }
      walk(v, e.ino(), path + (path.endsWith("/") ? "" : "/") + e.name(), out);
    }
  }

  private static List<DirEntry> readdirAll(Volume v, long dir) {
    List<DirEntry> all = new ArrayList<>();
    long cookie = 0;
    while (true) {
      List<DirEntry> batch = v.readdir(dir, cookie, READDIR_BATCH);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      cookie = batch.get(batch.size() - 1).cookie();
    }
  }

  private static String sha256(Volume v, long ino, long size) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
    long offset = 0;
    while (offset < size) {
      buf.clear();
      buf.limit((int) Math.min(READ_CHUNK, size - offset));
      int n = v.read(ino, offset, buf);
      if (n <= 0) {
        break;
      }
      buf.flip();
      md.update(buf);
      offset += n;
    }
    return HexFormat.of().formatHex(md.digest()) + (offset == size ? "" : " short=" + offset);
  }
}
