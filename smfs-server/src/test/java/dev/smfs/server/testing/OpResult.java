package dev.smfs.server.testing;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.Errno;
import dev.smfs.server.volume.InodeAttr;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The outcome of one {@link VolumeOp}, in a form that is equal across volume implementations:
 * either an {@link Errno} or a canonical text of the value. Inode numbers are left out of the text
 * (they may differ between implementations); everything else, all times included, is in it. {@code
 * threw} marks an exception other than {@code FsException}, which is always a bug.
 */
public record OpResult(Errno errno, String value, boolean threw) {
  public OpResult {
    if ((errno == null) == (value == null)) {
      throw new IllegalArgumentException("exactly one of errno and value: " + errno + "/" + value);
    }
  }

  public static OpResult ok(String value) {
    return new OpResult(null, value, false);
  }

  public static OpResult error(Errno errno) {
    return new OpResult(errno, null, false);
  }

  public static OpResult thrown(RuntimeException e) {
    return new OpResult(null, "threw " + e, true);
  }

  public boolean isOk() {
    return errno == null && !threw;
  }

  /** Attributes without the inode number. */
  public static String describe(InodeAttr a) {
    return a.type()
        + " perm="
        + Integer.toOctalString(a.perm())
        + " nlink="
        + a.nlink()
        + " uid="
        + a.uid()
        + " gid="
        + a.gid()
        + " size="
        + a.size()
        + " atime="
        + a.atimeNs()
        + " mtime="
        + a.mtimeNs()
        + " ctime="
        + a.ctimeNs();
  }

  /** Directory entries as name:type:cookie, without inode numbers. */
  public static String describe(List<DirEntry> entries) {
    StringBuilder sb = new StringBuilder("[");
    for (DirEntry e : entries) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(e.name()).append(':').append(e.type()).append(':').append(e.cookie());
    }
    return sb.append(']').toString();
  }

  /** Short bytes in hex, longer ones as length and SHA-256. */
  public static String describe(byte[] bytes, int len) {
    if (len <= 32) {
      return "len=" + len + " hex=" + HexFormat.of().formatHex(bytes, 0, len);
    }
    return "len=" + len + " sha256=" + sha256(bytes, len);
  }

  static String sha256(byte[] bytes, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, len);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return errno != null ? errno.toString() : value;
  }
}
