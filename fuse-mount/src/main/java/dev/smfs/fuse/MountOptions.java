package dev.smfs.fuse;

import java.util.ArrayList;
import java.util.List;

/**
 * The libfuse options of an SMFS mount, and why each is there.
 *
 * <ul>
 *   <li>{@code fsname=smfs,subtype=smfs}: the mount shows as {@code smfs} of type {@code fuse.smfs}
 *       in {@code /proc/self/mountinfo}, {@code mount} and {@code df}.
 *   <li>{@code big_writes,max_write=131072}: the kernel sends writes of up to 128 KiB instead of
 *       one 4 KiB page per request; fewer round trips through the daemon per byte.
 *   <li>{@code hard_remove}: unlink of an open file really unlinks; libfuse does not rename it to
 *       {@code .fuse_hiddenNNN}. The adapter keeps the inode alive through its file handle ({@code
 *       Volume.open}/{@code release}), so an unlinked open file stays readable until close.
 *   <li>{@code use_ino,readdir_ino}: {@code st_ino} is the volume's inode number, so hard links
 *       show one inode (tar, rsync -H and cp -a rely on it).
 *   <li>{@code attr_timeout}/{@code entry_timeout}: how long the kernel may answer {@code stat} and
 *       name lookups from its cache. Every change to the volume comes through this one mount, so
 *       the kernel's cache is invalidated by the kernel itself on each change it makes; a cached
 *       answer can only be stale if something changes the volume behind the mount's back (nothing
 *       does on a primary). Longer timeouts save lookups; 1 s bounds staleness should that ever
 *       change. {@code negative_timeout=0}: a name that did not exist is always asked again.
 *   <li>{@code default_permissions}: the kernel checks the mode bits and owners; the volume only
 *       stores them.
 *   <li>{@code allow_other} (only with {@code --allow-other}): users other than the mounter may use
 *       the mount; needs {@code user_allow_other} in {@code /etc/fuse.conf} unless root.
 * </ul>
 *
 * <p>Not a libfuse option either: {@link #xattrs}, false with {@code --no-xattrs}, makes the
 * adapter answer the extended-attribute calls with {@code ENOSYS} (see {@link SmfsFuse#SmfsFuse(
 * dev.smfs.server.volume.Volume, FuseMetrics, boolean, boolean)}).
 *
 * <p>Not a libfuse option, set once the mount is live: the read-ahead window, raised from the
 * kernel's 128 KiB to 1 MiB through sysfs when the mounter may ({@link ReadAhead}), so sequential
 * reads keep several READ requests in flight.
 */
public record MountOptions(boolean allowOther, double attrTimeoutSeconds, boolean xattrs) {
  /** Largest write the kernel sends in one request, in bytes. */
  static final int MAX_WRITE = 131072;

  public MountOptions {
    if (!(attrTimeoutSeconds >= 0)) {
      throw new IllegalArgumentException("attrTimeoutSeconds=" + attrTimeoutSeconds + " < 0");
    }
  }

  /** Options with extended attributes served, as every mount without {@code --no-xattrs}. */
  public MountOptions(boolean allowOther, double attrTimeoutSeconds) {
    this(allowOther, attrTimeoutSeconds, true);
  }

  public static MountOptions defaults(boolean allowOther) {
    return new MountOptions(allowOther, 1.0);
  }

  /** The same options with extended attributes served or not. */
  public MountOptions withXattrs(boolean on) {
    return new MountOptions(allowOther, attrTimeoutSeconds, on);
  }

  /** The libfuse arguments ({@code -o a,b,c}) after the mount point. */
  String[] toArgs() {
    List<String> opts = new ArrayList<>();
    opts.add("fsname=smfs");
    opts.add("subtype=smfs");
    opts.add("big_writes");
    opts.add("max_write=" + MAX_WRITE);
    opts.add("hard_remove");
    opts.add("use_ino");
    opts.add("readdir_ino");
    opts.add("attr_timeout=" + attrTimeoutSeconds);
    opts.add("entry_timeout=" + attrTimeoutSeconds);
    opts.add("negative_timeout=0");
    opts.add("default_permissions");
    if (allowOther) {
      opts.add("allow_other");
    }
    return new String[] {"-o", String.join(",", opts)};
  }
}
