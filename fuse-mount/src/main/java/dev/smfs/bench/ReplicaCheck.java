package dev.smfs.bench;

import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.FsException;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks a ledger against a stopped mirror's replica: opens the replica's volume with {@link
 * LogVolume} (replaying its log into a fresh or existing index) and compares the bytes at every
 * acknowledged (file, offset, length) with the recorded SHA-256.
 */
final class ReplicaCheck {
  private ReplicaCheck() {}

  /**
   * The count of ledger entries whose bytes the replica does not hold. A replica without any volume
   * (nothing arrived) loses every entry.
   *
   * @param mirrorData the mirror's data directory (the process must have stopped)
   */
  static int lostEntries(Path mirrorData, List<Ledger.Entry> ledger) throws IOException {
    if (ledger.isEmpty()) {
      return 0;
    }
    Path volumeDir = locateVolume(mirrorData);
    if (volumeDir == null) {
      return ledger.size();
    }
    int lost = 0;
    try (LogVolume v =
        LogVolume.open(volumeDir, VolumeConfig.defaults(), Clock.systemUTC(), Durability.ASYNC)) {
      MessageDigest sha = sha256();
      Map<String, Long> inodes = new HashMap<>();
      for (Ledger.Entry e : ledger) {
        long ino = inodes.computeIfAbsent(e.file(), f -> lookup(v, f));
        if (ino < 0 || !Arrays.equals(e.sha256(), sha.digest(read(v, ino, e)))) {
          lost++;
        }
      }
    }
    return lost;
  }

  /**
   * The directory holding the replica's volume: {@code mirrorData} itself or the one directory
   * below it that holds a log ({@value LogVolume#LOG_DIR}/); null when there is none.
   */
  static Path locateVolume(Path mirrorData) throws IOException {
    if (Files.isDirectory(mirrorData.resolve(LogVolume.LOG_DIR))) {
      return mirrorData;
    }
    try (Stream<Path> walk = Files.walk(mirrorData, 4)) {
      List<Path> found = walk.filter(p -> Files.isDirectory(p.resolve(LogVolume.LOG_DIR))).toList();
      if (found.size() > 1) {
        throw new BenchException("more than one replica volume under " + mirrorData + ": " + found);
      }
      return found.isEmpty() ? null : found.get(0);
    }
  }

  private static long lookup(Volume v, String name) {
    try {
      return v.lookup(Volume.ROOT, name).ino();
    } catch (FsException e) {
      return -1; // the file never reached the mirror
    }
  }

  /** The entry's bytes as the replica holds them; shorter when the file is. */
  private static byte[] read(Volume v, long ino, Ledger.Entry e) {
    ByteBuffer dst = ByteBuffer.allocate(e.length());
    try {
      while (dst.hasRemaining()) {
        int n = v.read(ino, e.offset() + dst.position(), dst);
        if (n <= 0) {
          break;
        }
      }
    } catch (FsException x) {
      return new byte[0]; // unreadable (EIO): not held
    }
    return Arrays.copyOf(dst.array(), dst.position());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
