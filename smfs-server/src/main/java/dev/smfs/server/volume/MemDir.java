package dev.smfs.server.volume;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The entries of one directory in an {@link InMemoryVolume}, with readdir cookies.
 *
 * <p>Invariant: each entry gets the next value of a per-directory counter when it is added (a
 * rename into this directory counts as an addition), so cookies are unique, never reused, and
 * increase in creation order. Resuming after a cookie therefore works even when that entry has
 * since been removed.
 *
 * <p>Not thread-safe: the owning volume's lock guards it.
 */
final class MemDir {
  /** One name in the directory. */
  record Entry(String name, long ino, long cookie) {}

  private final Map<String, Entry> byName = new HashMap<>();
  private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
  private long lastCookie;

  /** The inode a name refers to, or null. */
  Long get(String name) {
    Entry e = byName.get(name);
    return e == null ? null : e.ino();
  }

  void add(String name, long ino) {
    Entry e = new Entry(name, ino, ++lastCookie);
    if (byName.putIfAbsent(name, e) != null) {
      throw new IllegalStateException("name=" + name + " already present");
    }
    byCookie.put(e.cookie(), e);
  }

  void remove(String name) {
    Entry e = byName.remove(name);
    if (e == null) {
      throw new IllegalStateException("name=" + name + " absent");
    }
    byCookie.remove(e.cookie());
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Entries with a cookie greater than {@code afterCookie}, in cookie order. */
  NavigableMap<Long, Entry> after(long afterCookie) {
    return byCookie.tailMap(afterCookie, false);
  }
}
