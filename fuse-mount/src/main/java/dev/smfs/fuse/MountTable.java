package dev.smfs.fuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's mount table as {@code /proc/self/mountinfo} shows it. Mount points there escape
 * space, tab, newline and backslash as three octal digits ({@code \040}); they are unescaped here.
 */
public final class MountTable {
  /**
   * One line of mountinfo: where, what type ({@code fuse.smfs}), from what source, and the device
   * number ({@code major:minor}, which names the mount's {@code /sys/class/bdi} entry).
   */
  public record Entry(Path mountPoint, String fsType, String source, String device) {}

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final int DEVICE_FIELD = 2;
  private static final int MOUNT_POINT_FIELD = 4;

  private MountTable() {}

  public static List<Entry> read() {
    try {
      return parse(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
    }
  }

  static List<Entry> parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length <= MOUNT_POINT_FIELD || dash < 0 || dash + 2 >= f.length) {
        continue;
      }
      entries.add(
          new Entry(
              Path.of(unescape(f[MOUNT_POINT_FIELD])), f[dash + 1], f[dash + 2], f[DEVICE_FIELD]));
    }
    return entries;
  }

  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /** The last (topmost) mount at {@code mountPoint}, compared as absolute normalised paths. */
  public static Optional<Entry> find(Path mountPoint) {
    Path want = canonical(mountPoint);
    Entry found = null;
    for (Entry e : read()) {
      if (e.mountPoint().equals(want)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  public static boolean isMounted(Path mountPoint) {
    return find(mountPoint).isPresent();
  }

  /**
   * The path as the kernel names it: the parent's real path plus the last name. The mount point
   * itself is not resolved, since a dead FUSE mount fails every stat on it.
   */
  static Path canonical(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      return abs;
    }
    try {
      return parent.toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs;
    }
  }
}
