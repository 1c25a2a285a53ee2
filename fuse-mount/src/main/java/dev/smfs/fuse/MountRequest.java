package dev.smfs.fuse;

import java.nio.file.Path;

/** What {@code smfs mount} was asked for, validated at the command line. */
public record MountRequest(Path mountPoint, Path dataDir, SafetyLevel safety, boolean allowOther) {
  public MountRequest {
    if (mountPoint == null || dataDir == null || safety == null) {
      throw new IllegalArgumentException("mountPoint, dataDir and safety are required");
    }
    mountPoint = mountPoint.toAbsolutePath().normalize();
    dataDir = dataDir.toAbsolutePath().normalize();
  }
}
