package dev.smfs.server.testing;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.InMemoryVolume;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.Volume;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of realistic operation sequences over a small namespace (names from {@link
 * #NAMES}, directories at most {@link #MAX_DEPTH} deep, about 60 entries at most), biased towards
 * the interesting cases: renames over existing names and into a directory's own subtree, writes at
 * random, chunk-boundary and sparse offsets, truncates both ways, hard links, unlinking open files
 * and using them through their handles, xattr flags; a few percent of inputs are invalid (bad
 * names, missing paths, files used as directories, offsets past the maximum) so errno paths run.
 *
 * <p>The generator keeps a private {@link InMemoryVolume} shadow to know which paths exist; the ops
 * themselves only name paths, so they can be applied to any volume. Same seed, same sequence.
 * Sparse offsets stay below {@code maxSparseOffset} so snapshots (which read holes) stay cheap.
 * After a {@link ModelChecker} crash that loses ops or handles, the shadow no longer mirrors the
 * volumes exactly; the ops stay valid, a few more of them just fail.
 *
 * <p>Not thread-safe.
 */
public final class RandomOps {
  public static final long DEFAULT_MAX_SPARSE_OFFSET = 2L << 20;
  public static final int MAX_DEPTH = 3;

  static final String[] NAMES = {"a", "b", "c", "d", "f0", "f1", "f2", "f3", "f4", "g", "h", "ü"};
  static final String[] BAD_NAMES = {"", ".", "..", "x/y", "n".repeat(256)};
  static final String[] XATTR_NAMES = {"user.a", "user.b", "user.c", "trusted.t"};
  private static final String[] LINK_TARGETS = {
    "f0", "../a", "/etc/passwd", "a/b/c", "t".repeat(300)
  };
  private static final int[] FILE_PERMS = {0644, 0600, 0755, 0444, 04755};
  private static final int[] DIR_PERMS = {0755, 0700, 0777, 01777};
  private static final int CROWDED = 60;

  private enum Kind {
    CREATE(8),
    MKDIR(5),
    SYMLINK(3),
    READLINK(2),
    LINK(4),
    UNLINK(6),
    RMDIR(4),
    RENAME(10),
    LOOKUP(3),
    GETATTR(2),
    OPEN(4),
    RELEASE(3),
    READ(6),
    WRITE(12),
    READ_HANDLE(2),
    WRITE_HANDLE(3),
    TRUNCATE(5),
    SETATTR(4),
    READDIR(3),
    SETXATTR(4),
    GETXATTR(2),
    LISTXATTR(1),
    REMOVEXATTR(2),
    FSYNC(1);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  private static final int TOTAL_WEIGHT;

  static {
    int w = 0;
    for (Kind k : Kind.values()) {
      w += k.weight;
    }
    TOTAL_WEIGHT = w;
  }

  private final SplittableRandom rnd;
  private final long maxSparseOffset;
  private final OpContext shadow;
  private final Deque<VolumeOp> pending = new ArrayDeque<>();

  // The shadow's tree, refreshed after each successful mutation.
  private final List<String> dirs = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private final List<String> symlinks = new ArrayList<>();
  private final List<String> nonDirs = new ArrayList<>();
  private final List<String> entries = new ArrayList<>();
  private final Map<String, Long> inoByPath = new HashMap<>();
  private boolean stale = true;

  public RandomOps(long seed) {
    this(seed, DEFAULT_MAX_SPARSE_OFFSET);
  }

  public RandomOps(long seed, long maxSparseOffset) {
    this.rnd = new SplittableRandom(seed);
    this.maxSparseOffset = maxSparseOffset;
    this.shadow = new OpContext(new InMemoryVolume(new TestClock()));
  }

  /** The first {@code count} ops of the sequence for {@code seed}. */
  public static List<VolumeOp> generate(long seed, int count) {
    return new RandomOps(seed).next(count);
  }

  public List<VolumeOp> next(int count) {
    List<VolumeOp> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    return out;
  }

  /** The next op of the sequence. */
  public VolumeOp next() {
    VolumeOp op = pending.isEmpty() ? pick() : pending.poll();
    OpResult r = op.apply(shadow);
    if (r.threw()) {
      throw new IllegalStateException("reference volume threw on " + op + ": " + r);
    }
    if (op.mutates() && r.isOk()) {
      stale = true;
      if (op instanceof VolumeOp.Open open && rnd.nextInt(100) < 40) {
        // The classic: open, unlink, then keep using the handle.
        String[] dn = split(open.path());
        pending.add(new VolumeOp.Unlink(dn[0], dn[1]));
        int h = shadow.handleCount() - 1;
        pending.add(new VolumeOp.WriteHandle(h, rnd.nextInt(5000), 1 + rnd.nextInt(3000), seed()));
        pending.add(new VolumeOp.ReadHandle(h, 0, 8192));
      }
    }
    return op;
  }

  private VolumeOp pick() {
    if (stale) {
      refresh();
    }
    Kind kind = kind();
    return switch (kind) {
      case CREATE -> new VolumeOp.Create(dirArg(MAX_DEPTH + 1), name(), filePerm(), owner(), 1000);
      case MKDIR -> new VolumeOp.Mkdir(dirArg(MAX_DEPTH), name(), dirPerm(), owner(), 1000);
      case SYMLINK -> new VolumeOp.Symlink(dirArg(MAX_DEPTH + 1), name(), linkTarget());
      case READLINK -> new VolumeOp.Readlink(chance(70) ? from(symlinks) : anyPath());
      case LINK -> link();
      case UNLINK -> unlink();
      case RMDIR -> rmdir();
      case RENAME -> rename();
      case LOOKUP -> new VolumeOp.Lookup(dirArg(MAX_DEPTH + 1), name());
      case GETATTR -> new VolumeOp.Getattr(anyPath());
      case OPEN -> new VolumeOp.Open(chance(80) ? filePath() : anyPath());
      case RELEASE -> new VolumeOp.Release(rnd.nextInt(Math.max(1, shadow.handleCount())));
      case READ -> read();
      case WRITE -> write();
      case READ_HANDLE -> {
        int h = handle();
        yield new VolumeOp.ReadHandle(h, offset(sizeOfHandle(h)), length());
      }
      case WRITE_HANDLE -> {
        int h = handle();
        yield new VolumeOp.WriteHandle(h, offset(sizeOfHandle(h)), length(), seed());
      }
      case TRUNCATE -> truncate();
      case SETATTR -> new VolumeOp.SetAttrs(anyPath(), setAttr());
      case READDIR -> readdir();
      case SETXATTR -> setxattr();
      case GETXATTR -> new VolumeOp.GetXattr(anyPath(), xattrName());
      case LISTXATTR -> new VolumeOp.ListXattr(anyPath());
      case REMOVEXATTR -> new VolumeOp.RemoveXattr(anyPath(), xattrName());
      case FSYNC -> new VolumeOp.Fsync(anyPath());
    };
  }

  private Kind kind() {
    int w = rnd.nextInt(TOTAL_WEIGHT);
    Kind picked = Kind.FSYNC;
    for (Kind k : Kind.values()) {
      if (w < k.weight) {
        picked = k;
        break;
      }
      w -= k.weight;
    }
    boolean growing =
        picked == Kind.CREATE
            || picked == Kind.MKDIR
            || picked == Kind.SYMLINK
            || picked == Kind.LINK;
    if (growing && entries.size() > CROWDED && chance(60)) {
      return chance(70) ? Kind.UNLINK : Kind.RMDIR;
    }
    if (picked == Kind.OPEN && shadow.handleCount() > 6) {
      return Kind.RELEASE;
    }
    return picked;
  }

  private VolumeOp link() {
    String src = chance(85) ? from(nonDirs) : from(dirs);
    if (chance(30) && !entries.isEmpty()) {
      String[] dn = split(from(entries));
      return new VolumeOp.Link(src, dn[0], dn[1]);
    }
    return new VolumeOp.Link(src, dirArg(MAX_DEPTH + 1), name());
  }

  private VolumeOp unlink() {
    String[] dn = split(chance(80) ? from(nonDirs) : entryOrMissing());
    return new VolumeOp.Unlink(dn[0], dn[1]);
  }

  private VolumeOp rmdir() {
    List<String> realDirs = dirs.subList(1, dirs.size()); // without the root
    String[] dn = split(chance(70) && !realDirs.isEmpty() ? from(realDirs) : entryOrMissing());
    return new VolumeOp.Rmdir(dn[0], dn[1]);
  }

  private VolumeOp rename() {
    String src = entryOrMissing();
    String[] s = split(src);
    FileType type = typeOf(src);
    if (type == FileType.DIRECTORY && chance(20)) {
      List<String> inside = new ArrayList<>();
      for (String d : dirs) {
        if (d.equals(src) || d.startsWith(src + "/")) {
          inside.add(d);
        }
      }
      return new VolumeOp.Rename(s[0], s[1], from(inside), name());
    }
    if (chance(5)) {
      return new VolumeOp.Rename(s[0], s[1], s[0], s[1]);
    }
    Long ino = inoByPath.get(src);
    if (ino != null && chance(25)) {
      List<String> aliases = new ArrayList<>();
      for (String p : entries) {
        if (ino.equals(inoByPath.get(p)) && !p.equals(src)) {
          aliases.add(p);
        }
      }
      if (!aliases.isEmpty()) {
        String[] d = split(from(aliases));
        return new VolumeOp.Rename(s[0], s[1], d[0], d[1]);
      }
    }
    if (chance(45) && !entries.isEmpty()) {
      // Mostly over an entry of the same kind (the legal replacements), else any entry.
      List<String> sameKind = type == FileType.DIRECTORY ? dirs.subList(1, dirs.size()) : nonDirs;
      String[] d = split(chance(70) && !sameKind.isEmpty() ? from(sameKind) : from(entries));
      return new VolumeOp.Rename(s[0], s[1], d[0], d[1]);
    }
    return new VolumeOp.Rename(s[0], s[1], dirArg(MAX_DEPTH + 1), name());
  }

  private VolumeOp read() {
    String path = filePath();
    long size = sizeOf(path);
    long off = chance(70) ? rnd.nextLong(size + 100) : offset(size);
    return new VolumeOp.Read(path, off, length());
  }

  private VolumeOp write() {
    String path = chance(92) ? filePath() : anyPath();
    int len = length();
    long size = sizeOf(path);
    long off = offset(size);
    if (chance(3)) {
      len = Math.max(1, len);
      off = InMemoryVolume.MAX_FILE_SIZE - len + 1 + rnd.nextInt(1000); // EFBIG
    }
    return new VolumeOp.Write(path, off, len, seed());
  }

  private VolumeOp truncate() {
    String path = chance(92) ? filePath() : anyPath();
    long size = sizeOf(path);
    int r = rnd.nextInt(100);
    long to;
    if (r < 10) {
      to = 0;
    } else if (r < 45) {
      to = rnd.nextLong(size + 1);
    } else if (r < 70) {
      to = size + rnd.nextInt(70_000);
    } else if (r < 80) {
      to = size;
    } else if (r < 94) {
      to = rnd.nextLong(maxSparseOffset);
    } else {
      to = InMemoryVolume.MAX_FILE_SIZE + 1 + rnd.nextInt(1000); // EFBIG
    }
    return new VolumeOp.Truncate(path, to);
  }

  private VolumeOp readdir() {
    String dir = dirArg(MAX_DEPTH + 1);
    long after = chance(70) ? 0 : 1 + rnd.nextInt(60);
    int max = chance(2) ? 0 : 1 + rnd.nextInt(10);
    return new VolumeOp.Readdir(dir, after, max);
  }

  private VolumeOp setxattr() {
    int len = chance(2) ? InMemoryVolume.MAX_XATTR_VALUE_BYTES + 1 : rnd.nextInt(100);
    int r = rnd.nextInt(100);
    int flags =
        r < 60 ? 0 : r < 78 ? Volume.XATTR_CREATE : r < 96 ? Volume.XATTR_REPLACE : 8; // 8: EINVAL
    return new VolumeOp.SetXattr(anyPath(), xattrName(), len, seed(), flags);
  }

  private SetAttr setAttr() {
    int r = rnd.nextInt(100);
    if (r < 30) {
      return SetAttr.perm(chance(50) ? FILE_PERMS[rnd.nextInt(FILE_PERMS.length)] : dirPerm());
    } else if (r < 50) {
      return chance(50) ? SetAttr.owner(owner(), owner()) : SetAttr.owner(null, owner());
    } else if (r < 80) {
      return SetAttr.times(chance(50) ? time() : null, time());
    } else if (r < 97) {
      return new SetAttr(dirPerm(), owner(), null, null, SetAttr.NOW, SetAttr.NOW);
    }
    return new SetAttr(null, null, null, null, null, null);
  }

  // ---- argument choosers ----

  /** An existing directory (depth below {@code maxDepth}) mostly; a file or missing path rarely. */
  private String dirArg(int maxDepth) {
    int r = rnd.nextInt(100);
    if (r < 4 && !nonDirs.isEmpty()) {
      return from(nonDirs); // ENOTDIR
    }
    if (r < 8) {
      return missingPath(); // ENOENT
    }
    for (int tries = 0; tries < 8; tries++) {
      String d = from(dirs);
      if (depth(d) < maxDepth) {
        return d;
      }
    }
    return "";
  }

  private String name() {
    return chance(5) ? BAD_NAMES[rnd.nextInt(BAD_NAMES.length)] : NAMES[rnd.nextInt(NAMES.length)];
  }

  private String anyPath() {
    int r = rnd.nextInt(100);
    if (r < 5) {
      return missingPath();
    }
    if (r < 8 || entries.isEmpty()) {
      return "";
    }
    return from(entries);
  }

  private String filePath() {
    return files.isEmpty() || chance(5) ? anyPath() : from(files);
  }

  private String entryOrMissing() {
    return entries.isEmpty() || chance(5) ? missingPath() : from(entries);
  }

  private String missingPath() {
    String base = from(dirs);
    return (base.isEmpty() ? "" : base + "/") + "missing";
  }

  private String linkTarget() {
    return chance(2) ? "" : LINK_TARGETS[rnd.nextInt(LINK_TARGETS.length)];
  }

  private String xattrName() {
    return chance(4) ? "" : XATTR_NAMES[rnd.nextInt(XATTR_NAMES.length)];
  }

  private int handle() {
    return rnd.nextInt(Math.max(1, shadow.handleCount()));
  }

  /** Offsets: inside, at the end, around 64 KiB chunk boundaries, near, sparse far, negative. */
  private long offset(long size) {
    int r = rnd.nextInt(100);
    if (r < 35) {
      return rnd.nextLong(size + 1);
    } else if (r < 55) {
      return size;
    } else if (r < 70) {
      return Math.max(0, 65_536L * rnd.nextInt(5) + rnd.nextInt(600) - 300);
    } else if (r < 85) {
      return rnd.nextInt(256 * 1024);
    } else if (r < 98) {
      return rnd.nextLong(maxSparseOffset);
    }
    return -1 - rnd.nextInt(10); // EINVAL
  }

  private int length() {
    int r = rnd.nextInt(100);
    if (r < 5) {
      return 0;
    } else if (r < 75) {
      return 1 + rnd.nextInt(4096);
    } else if (r < 95) {
      return 4097 + rnd.nextInt(66_000);
    }
    return 70_001 + rnd.nextInt(70_000);
  }

  private int filePerm() {
    return chance(2) ? 0100644 : FILE_PERMS[rnd.nextInt(FILE_PERMS.length)]; // type bits: EINVAL
  }

  private int dirPerm() {
    return DIR_PERMS[rnd.nextInt(DIR_PERMS.length)];
  }

  private int owner() {
    return chance(50) ? 1000 : chance(50) ? 0 : 1001;
  }

  private long time() {
    return chance(30) ? SetAttr.NOW : 1_600_000_000_000_000_000L + rnd.nextLong(1L << 40);
  }

  private long seed() {
    return rnd.nextLong();
  }

  private boolean chance(int percent) {
    return rnd.nextInt(100) < percent;
  }

  private String from(List<String> list) {
    return list.isEmpty() ? missingPath() : list.get(rnd.nextInt(list.size()));
  }

  // ---- shadow state ----

  private long sizeOf(String path) {
    try {
      return shadow.volume().getattr(VolumeOp.resolve(shadow.volume(), path)).size();
    } catch (FsException e) {
      return 0;
    }
  }

  private long sizeOfHandle(int h) {
    long ino = shadow.handleIno(h);
    return ino < 0 ? 0 : shadow.volume().getattr(ino).size();
  }

  private FileType typeOf(String path) {
    if (dirs.contains(path)) {
      return FileType.DIRECTORY;
    }
    return symlinks.contains(path) ? FileType.SYMLINK : FileType.REGULAR;
  }

  private static int depth(String path) {
    return path.isEmpty() ? 0 : path.split("/", -1).length;
  }

  private static String[] split(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0
        ? new String[] {"", path}
        : new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }

  private void refresh() {
    dirs.clear();
    files.clear();
    symlinks.clear();
    nonDirs.clear();
    entries.clear();
    inoByPath.clear();
    dirs.add("");
    walk("", Volume.ROOT);
    stale = false;
  }

  private void walk(String path, long ino) {
    for (DirEntry e : shadow.volume().readdir(ino, 0, Integer.MAX_VALUE)) {
      String child = path.isEmpty() ? e.name() : path + "/" + e.name();
      entries.add(child);
      inoByPath.put(child, e.ino());
      switch (e.type()) {
        case DIRECTORY -> {
          dirs.add(child);
          walk(child, e.ino());
        }
        case REGULAR -> {
          files.add(child);
          nonDirs.add(child);
        }
        case SYMLINK -> {
          symlinks.add(child);
          nonDirs.add(child);
        }
      }
    }
  }
}
