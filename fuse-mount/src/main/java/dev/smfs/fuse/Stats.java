package dev.smfs.fuse;

import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.StatFs;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** Copies volume attributes into libfuse's {@code struct stat} and {@code struct statvfs}. */
final class Stats {
  /** Preferred I/O size reported as {@code st_blksize}: one FUSE write (max_write). */
  static final int BLKSIZE = MountOptions.MAX_WRITE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Stats() {}

  static void fill(FileStat st, InodeAttr attr) {
    st.st_mode.set(attr.stMode());
    st.st_ino.set(attr.ino());
    st.st_nlink.set(attr.nlink());
    st.st_uid.set(attr.uid());
    st.st_gid.set(attr.gid());
    st.st_size.set(attr.size());
    st.st_blocks.set(attr.blocks());
    st.st_blksize.set(BLKSIZE);
    time(st.st_atim, attr.atimeNs());
    time(st.st_mtim, attr.mtimeNs());
    time(st.st_ctim, attr.ctimeNs());
  }

  static void fill(Statvfs st, StatFs fs) {
    st.f_bsize.set(fs.blockSize());
    st.f_frsize.set(fs.blockSize());
    st.f_blocks.set(fs.totalBlocks());
    st.f_bfree.set(fs.freeBlocks());
    st.f_bavail.set(fs.availBlocks());
    st.f_files.set(fs.totalInodes());
    st.f_ffree.set(fs.freeInodes());
    st.f_favail.set(fs.freeInodes());
    st.f_namemax.set(fs.maxNameLength());
  }

  private static void time(Timespec ts, long epochNs) {
    ts.tv_sec.set(Math.floorDiv(epochNs, NANOS_PER_SECOND));
    ts.tv_nsec.set(Math.floorMod(epochNs, NANOS_PER_SECOND));
  }
}
