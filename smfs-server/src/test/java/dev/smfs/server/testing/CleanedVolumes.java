package dev.smfs.server.testing;

import dev.smfs.server.cleaner.Cleaner;
import dev.smfs.server.cleaner.CleanerConfig;
import dev.smfs.server.cleaner.RetentionPolicy;
import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * Volumes whose first log segment the cleaner has deleted, so that what the first records did
 * (VOLUME_INIT, mkdir, names, symlink, xattr, hard link, rename) lives only in the index: the case
 * a new mirror must be brought up to date from.
 */
public final class CleanedVolumes {
  /** 1 MiB segments, 128 KiB writes: a few MiB of overwrites clean the first segment away. */
  public static final VolumeConfig SMALL_SEGMENTS =
      new VolumeConfig(new LogConfig(1 << 20, 256 << 10), 1L << 40, 1L << 32, 128 << 10);

  private static final int FILES = 4;

  private CleanedVolumes() {}

  /** Opens a new volume in {@code dir}, fills it ({@link #populate}) and cleans it. */
  public static LogVolume cleanedPrimary(Path dir, VolumeConfig config, long seed)
      throws IOException {
    LogVolume p = LogVolume.open(dir, config, new TestClock(), Durability.ASYNC);
    try {
      Random rnd = new Random(seed);
      long[] files = populate(p, rnd);
      overwriteUntilFirstSegmentIsGone(p, files, rnd);
      return p;
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** A directory with four files of 200-300 KiB, a symlink, an xattr, a hard link, a rename. */
  public static long[] populate(Volume p, Random rnd) {
    InodeAttr d = p.mkdir(Volume.ROOT, "d", 0750, 1, 2);
    long[] files = new long[FILES];
    for (int i = 0; i < files.length; i++) {
      files[i] = p.create(d.ino(), "f" + i, 0640, 1, 2).ino();
      byte[] data = new byte[200_000 + rnd.nextInt(100_000)];
      rnd.nextBytes(data);
      p.write(files[i], 0, ByteBuffer.wrap(data));
    }
    p.symlink(d.ino(), "s", "f0", 1, 2);
    p.setxattr(files[1], "user.k", new byte[] {1, 2, 3}, 0);
    p.link(files[2], Volume.ROOT, "hard");
    p.rename(d.ino(), "f3", Volume.ROOT, "moved");
    return files;
  }

  /**
   * Overwrites 64 KiB blocks of {@code files}, running a cleaner that may delete anything to idle
   * after each write, until the log's first segment is gone (bounded: 400 writes).
   *
   * @throws IllegalStateException if the first segment survives
   */
  public static void overwriteUntilFirstSegmentIsGone(LogVolume p, long[] files, Random rnd)
      throws IOException {
    long firstBefore = p.log().firstLsn();
    try (Cleaner cleaner = new Cleaner(p, RetentionPolicy.ALWAYS, CleanerConfig.defaults())) {
      for (int i = 0; i < 400 && p.log().firstLsn() == firstBefore; i++) {
        byte[] block = new byte[64 << 10];
        rnd.nextBytes(block);
        long offset = rnd.nextInt(3) * (long) block.length;
        p.write(files[rnd.nextInt(files.length)], offset, ByteBuffer.wrap(block));
        while (cleaner.step()) {
          // to idle, as the background thread would
        }
      }
    }
    if (p.log().firstLsn() == firstBefore) {
      throw new IllegalStateException("the cleaner never deleted the first segment");
    }
  }
}
