package dev.smfs.fuse;

import java.nio.file.Path;

/**
 * What {@code smfs mount} was asked for, validated at the command line.
 *
 * @param xattrs false with {@code --no-xattrs} (see {@link MountOptions#xattrs})
 */
public record MountRequest(
    Path mountPoint, Path dataDir, SafetyLevel safety, boolean allowOther, boolean xattrs) {
  public MountRequest {
    if (mountPoint == null || dataDir == null || safety == null) {
      throw new IllegalArgumentException("mountPoint, dataDir and safety are required");
    }
    mountPoint = mountPoint.toAbsolutePath().normalize();
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** A request with extended attributes served. */
  public MountRequest(Path mountPoint, Path dataDir, SafetyLevel safety, boolean allowOther) {
    this(mountPoint, dataDir, safety, allowOther, true);
  }
}
