package dev.smfs.fuse;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * Fills libfuse's readdir buffer from {@link Volume#readdir} in offset mode: every entry carries
 * the offset to resume after it, so a directory larger than one buffer is listed over several
 * calls, and entries added or removed in between neither repeat nor vanish. "." and ".." take
 * offsets 1 and 2; an entry's offset is its volume cookie (stable, positive) plus 2.
 */
final class DirListing {
  private static final int BATCH = 256;
  private static final long DOT_ENTRIES = 2;

  private DirListing() {}

  /** Lists {@code dir} from {@code offset} (0 = start) until the buffer is full or the end. */
  static int fill(Volume volume, long dir, Pointer buf, FuseFillDir filler, long offset) {
    FileStat stat = FileStat.of(Struct.getMemory(new FileStat(jnr.ffi.Runtime.getSystemRuntime())));
    if (offset < 1 && add(filler, buf, ".", stat, dir, FileType.DIRECTORY, 1)) {
      return 0;
    }
    if (offset < 2 && add(filler, buf, "..", stat, dir, FileType.DIRECTORY, 2)) {
      return 0;
    }
    long after = Math.max(0, offset - DOT_ENTRIES);
    while (true) {
      List<DirEntry> batch = volume.readdir(dir, after, BATCH);
      for (DirEntry e : batch) {
        if (add(filler, buf, e.name(), stat, e.ino(), e.type(), e.cookie() + DOT_ENTRIES)) {
          return 0;
        }
        after = e.cookie();
      }
      if (batch.size() < BATCH) {
        return 0;
      }
    }
  }

  /**
   * Adds one entry (type and inode in a reused stat, name NUL-terminated UTF-8); true when the
   * buffer is full and the entry was not added.
   */
  private static boolean add(
      FuseFillDir filler,
      Pointer buf,
      String name,
      FileStat stat,
      long ino,
      FileType type,
      long nextOffset) {
    stat.st_ino.set(ino);
    stat.st_mode.set(type.bits());
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] cstr = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, cstr, 0, utf8.length);
    return filler.apply(buf, ByteBuffer.wrap(cstr), Struct.getMemory(stat), nextOffset) != 0;
  }
}
