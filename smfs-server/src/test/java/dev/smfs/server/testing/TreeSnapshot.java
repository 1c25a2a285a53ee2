package dev.smfs.server.testing;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a user can observe about the tree of a volume, by path: type, perm, owner, size,
 * nlink, the three times, file content (SHA-256), symlink target, directory entries with their
 * readdir cookies (in cookie order), xattrs, and which paths are hard links of one inode. Inode
 * numbers themselves are left out, so two implementations compare equal when they behave alike.
 *
 * <p>Reading content reads every byte including holes, so keep sparse files in tests to a few MiB.
 */
public final class TreeSnapshot {
  /** Readdir page size of the walk: small, so resuming after a cookie is exercised too. */
  private static final int READDIR_PAGE = 7;

  private static final int READ_BLOCK = 64 * 1024;

  /**
   * One path. {@code content} is the SHA-256 of a file, the target of a symlink, or the entries of
   * a directory as name#cookie in cookie order. {@code linkGroup} is the smallest path naming the
   * same inode (the path itself when it has only one name).
   */
  public record Node(
      String path,
      FileType type,
      int perm,
      int uid,
      int gid,
      long size,
      int nlink,
      long atimeNs,
      long mtimeNs,
      long ctimeNs,
      String content,
      String linkGroup,
      SortedMap<String, String> xattrs) {

    /** "field: expected=... actual=..." for every field that differs. */
    List<String> differences(Node actual) {
      List<String> out = new ArrayList<>();
      for (RecordComponent rc : Node.class.getRecordComponents()) {
        try {
          Object e = rc.getAccessor().invoke(this);
          Object a = rc.getAccessor().invoke(actual);
          if (!Objects.equals(e, a)) {
            out.add(rc.getName() + ": expected=" + e + " actual=" + a);
          }
        } catch (ReflectiveOperationException ex) {
          throw new IllegalStateException("record accessor " + rc.getName(), ex);
        }
      }
      return out;
    }
  }

  private final SortedMap<String, Node> nodes;

  private TreeSnapshot(SortedMap<String, Node> nodes) {
    this.nodes = Collections.unmodifiableSortedMap(nodes);
  }

  /** Walks the whole tree from the root. The volume must not change meanwhile. */
  public static TreeSnapshot of(Volume v) {
    return of(v, null);
  }

  /**
   * Identifies a file's content within the history of one volume whose clock gives every op a
   * distinct time: any content change sets ctime to the op's time.
   */
  record ContentKey(long ino, long ctimeNs, long size) {}

  /**
   * As {@link #of(Volume)}, reusing file hashes from {@code cache} (may be null) for files whose
   * {@link ContentKey} was seen before. Only sound for a volume driven by a clock that moves before
   * every op, such as a model replayed by the {@link ModelChecker}.
   */
  static TreeSnapshot of(Volume v, Map<ContentKey, String> cache) {
    Map<String, Long> inoByPath = new TreeMap<>();
    Map<String, InodeAttr> attrByPath = new HashMap<>();
    Map<String, String> contentByPath = new HashMap<>();
    walk(v, "", Volume.ROOT, inoByPath, attrByPath, contentByPath, cache);

    Map<Long, String> firstPath = new HashMap<>();
    for (Map.Entry<String, Long> e : inoByPath.entrySet()) {
      firstPath.putIfAbsent(e.getValue(), e.getKey()); // TreeMap order: smallest path first
    }
    SortedMap<String, Node> nodes = new TreeMap<>();
    for (Map.Entry<String, Long> e : inoByPath.entrySet()) {
      String path = e.getKey();
      InodeAttr a = attrByPath.get(path);
      SortedMap<String, String> xattrs = new TreeMap<>();
      for (String name : v.listxattr(a.ino())) {
        byte[] value = v.getxattr(a.ino(), name);
        xattrs.put(name, OpResult.describe(value, value.length));
      }
      nodes.put(
          path,
          new Node(
              path,
              a.type(),
              a.perm(),
              a.uid(),
              a.gid(),
              a.size(),
              a.nlink(),
              a.atimeNs(),
              a.mtimeNs(),
              a.ctimeNs(),
              contentByPath.get(path),
              firstPath.get(e.getValue()),
              xattrs));
    }
    return new TreeSnapshot(nodes);
  }

  private static void walk(
      Volume v,
      String path,
      long ino,
      Map<String, Long> inoByPath,
      Map<String, InodeAttr> attrByPath,
      Map<String, String> contentByPath,
      Map<ContentKey, String> cache) {
    InodeAttr a = v.getattr(ino);
    inoByPath.put(path, ino);
    attrByPath.put(path, a);
    switch (a.type()) {
      case REGULAR -> {
        String hash =
            cache == null
                ? contentHash(v, ino, a.size())
                : cache.computeIfAbsent(
                    new ContentKey(ino, a.ctimeNs(), a.size()), k -> contentHash(v, ino, a.size()));
        contentByPath.put(path, hash);
      }
      case SYMLINK -> contentByPath.put(path, v.readlink(ino));
      case DIRECTORY -> {
        List<DirEntry> entries = readdirAll(v, ino);
        StringBuilder listing = new StringBuilder();
        for (DirEntry d : entries) {
          listing.append(listing.length() == 0 ? "" : ",").append(d.name()).append('#');
          listing.append(d.cookie());
        }
        contentByPath.put(path, listing.toString());
        for (DirEntry d : entries) {
          String child = path.isEmpty() ? d.name() : path + "/" + d.name();
          walk(v, child, d.ino(), inoByPath, attrByPath, contentByPath, cache);
        }
      }
    }
  }

  /** Every entry of a directory, paging by cookie. */
  public static List<DirEntry> readdirAll(Volume v, long dir) {
    List<DirEntry> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<DirEntry> page = v.readdir(dir, after, READDIR_PAGE);
      all.addAll(page);
      if (page.size() < READDIR_PAGE) {
        return all;
      }
      after = page.get(page.size() - 1).cookie();
    }
  }

  /** SHA-256 of a file's bytes, read in blocks; fails if the file is shorter than its size. */
  static String contentHash(Volume v, long ino, long size) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(READ_BLOCK);
    long off = 0;
    while (off < size) {
      buf.clear();
      int n = v.read(ino, off, buf);
      if (n <= 0) {
        return "short-read at=" + off + " size=" + size;
      }
      md.update(buf.array(), 0, n);
      off += n;
    }
    buf.clear();
    if (v.read(ino, size, buf) != 0) {
      return "read-past-size at=" + size;
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public SortedMap<String, Node> nodes() {
    return nodes;
  }

  /**
   * A readable list of differences, one line per path ("" when equal); this snapshot is the
   * expectation.
   */
  public String diff(TreeSnapshot actual) {
    StringBuilder sb = new StringBuilder();
    TreeSet<String> paths = new TreeSet<>(nodes.keySet());
    paths.addAll(actual.nodes.keySet());
    for (String p : paths) {
      Node e = nodes.get(p);
      Node a = actual.nodes.get(p);
      String shown = "/" + p;
      if (a == null) {
        sb.append("missing ").append(shown).append(" (").append(e.type()).append(")\n");
      } else if (e == null) {
        sb.append("unexpected ").append(shown).append(" (").append(a.type()).append(")\n");
      } else {
        for (String d : e.differences(a)) {
          sb.append(shown).append(' ').append(d).append('\n');
        }
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeSnapshot t && nodes.equals(t.nodes);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Node n : nodes.values()) {
      sb.append(n).append('\n');
    }
    return sb.toString();
  }
}
