package dev.smfs.server.testing;

import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One volume operation addressed by path, so the same op can be applied to volumes whose inode
 * numbers differ. A path is a '/'-separated list of names relative to the root ("" is the root); it
 * is resolved by lookups at apply time, and a failed lookup is the op's result. Ops on handles
 * ({@link ReadHandle}, {@link WriteHandle}, {@link Release}) use the {@link OpContext}'s handle
 * table, indexed modulo its size ("no-handle" when it is empty).
 *
 * <p>Data written is derived from a seed, so an op stays small and printable.
 */
public sealed interface VolumeOp {
  /** Applies the op; never throws (failures become an {@link OpResult}). */
  default OpResult apply(OpContext ctx) {
    try {
      return OpResult.ok(run(ctx));
    } catch (FsException e) {
      return OpResult.error(e.errno());
    } catch (RuntimeException e) {
      return OpResult.thrown(e);
    }
  }

  /** Applies the op to a volume with an empty handle table. */
  default OpResult apply(Volume volume) {
    return apply(new OpContext(volume));
  }

  /** Short name of the op kind, e.g. "rename", for coverage counts. */
  default String kind() {
    return getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Whether the op can change the tree (used to skip work after read-only ops). */
  boolean mutates();

  /** The op's effect on {@code ctx}; a canonical result text or an FsException. */
  String run(OpContext ctx);

  /** Deterministic data for writes and xattr values. */
  static byte[] data(long seed, int len) {
    byte[] b = new byte[len];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** Resolves a path to an inode number by lookups from the root. */
  static long resolve(Volume v, String path) {
    long ino = Volume.ROOT;
    if (path.isEmpty()) {
      return ino;
    }
    for (String name : path.split("/", -1)) {
      ino = v.lookup(ino, name).ino();
    }
    return ino;
  }

  record Create(String dir, String name, int perm, int uid, int gid) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.create(resolve(v, dir), name, perm, uid, gid));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Mkdir(String dir, String name, int perm, int uid, int gid) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.mkdir(resolve(v, dir), name, perm, uid, gid));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Symlink(String dir, String name, String target) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.symlink(resolve(v, dir), name, target, 1000, 1000));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Readlink(String path) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return v.readlink(resolve(v, path));
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record Link(String path, String newDir, String newName) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.link(resolve(v, path), resolve(v, newDir), newName));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Unlink(String dir, String name) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.unlink(resolve(v, dir), name);
      return "ok";
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Rmdir(String dir, String name) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.rmdir(resolve(v, dir), name);
      return "ok";
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Rename(String dir, String name, String newDir, String newName) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.rename(resolve(v, dir), name, resolve(v, newDir), newName);
      return "ok";
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Lookup(String dir, String name) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.lookup(resolve(v, dir), name));
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record Getattr(String path) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.getattr(resolve(v, path)));
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  /** Opens the inode at {@code path} and appends it to the handle table. */
  record Open(String path) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      long ino = resolve(v, path);
      v.open(ino);
      c.addHandle(ino);
      return "handles=" + c.handleCount();
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Release(int handle) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      long ino = c.handleIno(handle);
      if (ino < 0) {
        return "no-handle";
      }
      c.volume().release(ino);
      c.removeHandle(handle);
      return "handles=" + c.handleCount();
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Read(String path, long offset, int len) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return readAt(v, resolve(v, path), offset, len);
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record ReadHandle(int handle, long offset, int len) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      long ino = c.handleIno(handle);
      return ino < 0 ? "no-handle" : readAt(c.volume(), ino, offset, len);
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record Write(String path, long offset, int len, long seed) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return writeAt(v, resolve(v, path), offset, len, seed);
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record WriteHandle(int handle, long offset, int len, long seed) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      long ino = c.handleIno(handle);
      return ino < 0 ? "no-handle" : writeAt(c.volume(), ino, offset, len, seed);
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Truncate(String path, long size) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.setattr(resolve(v, path), SetAttr.size(size)));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record SetAttrs(String path, SetAttr changes) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.setattr(resolve(v, path), changes));
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Readdir(String dir, long afterCookie, int max) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return OpResult.describe(v.readdir(resolve(v, dir), afterCookie, max));
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record SetXattr(String path, String name, int len, long seed, int flags) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.setxattr(resolve(v, path), name, VolumeOp.data(seed, len), flags);
      return "ok";
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record GetXattr(String path, String name) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      byte[] value = v.getxattr(resolve(v, path), name);
      return OpResult.describe(value, value.length);
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record ListXattr(String path) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      return v.listxattr(resolve(v, path)).toString();
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  record RemoveXattr(String path, String name) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.removexattr(resolve(v, path), name);
      return "ok";
    }

    @Override
    public boolean mutates() {
      return true;
    }
  }

  record Fsync(String path) implements VolumeOp {
    @Override
    public String run(OpContext c) {
      Volume v = c.volume();
      v.fsync(resolve(v, path));
      return "ok";
    }

    @Override
    public boolean mutates() {
      return false;
    }
  }

  private static String readAt(Volume v, long ino, long offset, int len) {
    ByteBuffer buf = ByteBuffer.allocate(len);
    int n = v.read(ino, offset, buf);
    return OpResult.describe(buf.array(), n);
  }

  private static String writeAt(Volume v, long ino, long offset, int len, long seed) {
    int n = v.write(ino, offset, ByteBuffer.wrap(data(seed, len)));
    return "n=" + n;
  }
}
