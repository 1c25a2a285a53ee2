package dev.smfs.mirror;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.DataDirLock;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Fail-over: turns the replicas of a STOPPED mirror into primaries. For each replica it opens the
 * volume read-write (which also frees inodes that were unlinked but open on the old primary),
 * appends an EPOCH record with epoch + 1, makes it durable and closes. The replica directory is
 * then a primary data directory: {@code smfs mount --data DATA/volumes/<uuid>}. The new epoch ships
 * onward with the log; an old primary that reconnects to a mirror holding the new epoch is refused
 * (STALE_EPOCH).
 */
public final class Promotion {
  private Promotion() {}

  /**
   * One promoted volume.
   *
   * @param dataDir pass this to {@code smfs mount --data}
   */
  public record Promoted(UUID volume, long oldEpoch, long newEpoch, long lastLsn, Path dataDir) {
    public Promoted {
      Objects.requireNonNull(volume, "volume");
      Objects.requireNonNull(dataDir, "dataDir");
    }
  }

  /**
   * Promotes every replica under {@code mirrorDataDir}.
   *
   * @throws IOException if the directory is locked (the mirror still runs), holds no replica, or a
   *     replica cannot be opened or written
   */
  public static List<Promoted> promote(Path mirrorDataDir, VolumeConfig config) throws IOException {
    if (!Files.isDirectory(mirrorDataDir.resolve(MirrorServer.VOLUMES_DIR))) {
      throw new IOException("not a mirror data directory (no volumes/): dir=" + mirrorDataDir);
    }
    List<Promoted> done = new ArrayList<>();
    try (DataDirLock lock = DataDirLock.acquire(mirrorDataDir)) {
      List<Path> dirs = MirrorServer.volumeDirs(mirrorDataDir);
      if (dirs.isEmpty()) {
        throw new IOException("mirror data directory holds no replica: dir=" + mirrorDataDir);
      }
      for (Path dir : dirs) {
        UUID id = UUID.fromString(dir.getFileName().toString());
        try (LogVolume v = LogVolume.open(dir, config, Clock.systemUTC(), Durability.LOCAL_SYNC)) {
          if (!v.uuid().equals(id)) {
            throw new IOException(
                "replica directory names another volume: dir=" + dir + " volume=" + v.uuid());
          }
          long old = v.epoch();
          long now = v.bumpEpoch();
          done.add(new Promoted(id, old, now, v.lastLsn(), dir));
        }
      }
    }
    return done;
  }
}
