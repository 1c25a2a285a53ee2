package dev.smfs.server.testing;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Structural invariants any volume must satisfy at rest, checked by walking the tree: a directory's
 * nlink is 2 plus its subdirectories; a visible non-directory's nlink equals the number of names it
 * has; readdir types match getattr; cookies increase; reading at a file's size returns nothing and
 * reading its last byte returns one byte.
 */
public final class VolumeInvariants {
  private VolumeInvariants() {}

  /** Returns the violations found, one per line; empty when the volume is consistent. */
  public static List<String> violations(Volume v) {
    List<String> out = new ArrayList<>();
    Map<Long, Integer> names = new HashMap<>();
    Map<Long, String> somePath = new HashMap<>();
    walk(v, "", Volume.ROOT, names, somePath, out);
    for (Map.Entry<Long, Integer> e : names.entrySet()) {
      InodeAttr a = v.getattr(e.getKey());
      if (a.type() != FileType.DIRECTORY && a.nlink() != e.getValue()) {
        out.add("/" + somePath.get(e.getKey()) + " nlink=" + a.nlink() + " names=" + e.getValue());
      }
    }
    return out;
  }

  /** Throws an AssertionError listing every violation. */
  public static void check(Volume v) {
    List<String> bad = violations(v);
    if (!bad.isEmpty()) {
      throw new AssertionError("volume invariants violated:\n" + String.join("\n", bad));
    }
  }

  private static void walk(
      Volume v,
      String path,
      long dir,
      Map<Long, Integer> names,
      Map<Long, String> somePath,
      List<String> out) {
    List<DirEntry> entries = TreeSnapshot.readdirAll(v, dir);
    int subdirs = 0;
    long lastCookie = 0;
    for (DirEntry e : entries) {
      String child = path.isEmpty() ? e.name() : path + "/" + e.name();
      if (e.cookie() <= lastCookie) {
        out.add("/" + child + " cookie=" + e.cookie() + " not after " + lastCookie);
      }
      lastCookie = e.cookie();
      InodeAttr a = v.getattr(e.ino());
      if (a.type() != e.type()) {
        out.add("/" + child + " readdir type=" + e.type() + " getattr type=" + a.type());
      }
      if (a.type() == FileType.DIRECTORY) {
        subdirs++;
        walk(v, child, e.ino(), names, somePath, out);
      } else {
        names.merge(e.ino(), 1, Integer::sum);
        somePath.putIfAbsent(e.ino(), child);
        if (a.type() == FileType.REGULAR) {
          checkSize(v, child, a, out);
        }
      }
    }
    InodeAttr self = v.getattr(dir);
    if (self.nlink() != 2 + subdirs) {
      out.add("/" + path + " dir nlink=" + self.nlink() + " subdirs=" + subdirs);
    }
  }

  private static void checkSize(Volume v, String path, InodeAttr a, List<String> out) {
    ByteBuffer buf = ByteBuffer.allocate(2);
    if (v.read(a.ino(), a.size(), buf) != 0) {
      out.add("/" + path + " read at size=" + a.size() + " returned data");
    }
    if (a.size() > 0) {
      buf.clear();
      int n = v.read(a.ino(), a.size() - 1, buf);
      if (n != 1) {
        out.add("/" + path + " read of last byte at " + (a.size() - 1) + " returned " + n);
      }
    }
  }
}
