package dev.smfs.fuse;

import dev.smfs.server.volume.Volume;

/**
 * A volume opened for one mount plus what guards its data directory; closing closes the volume
 * (flushing it) and then releases the guard.
 */
public record OpenedVolume(Volume volume, AutoCloseable guard) implements AutoCloseable {
  public OpenedVolume {
    if (volume == null) {
      throw new IllegalArgumentException("volume must not be null");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      volume.close();
    } finally {
      if (guard != null) {
        guard.close();
      }
    }
  }
}
