package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FuseFileInfo;

class FileInfoFlagsTest {
  private final Pointer memory = Memory.allocateDirect(Runtime.getSystemRuntime(), 64, true);
  private final FuseFileInfo fi = FuseFileInfo.of(memory);

  @Test
  void flagWordSitsBetweenWritepageAndFhAsInLibfuse2() {
    // libfuse 2.9, LP64: flags@0, fh_old@8, writepage@16, bit fields@20, fh@24
    fi.fh.set(0x1122334455667788L);
    assertEquals(0x1122334455667788L, memory.getLong(24), "jnr puts fh where libfuse has it");
    FileInfoFlags.keepCache(fi);
    assertEquals(FileInfoFlags.KEEP_CACHE, memory.getInt(20));
  }

  @Test
  void keepCacheLeavesTheOtherBitsAndFieldsAlone() {
    memory.putInt(20, FileInfoFlags.DIRECT_IO | (1 << 4));
    memory.putInt(16, 7); // writepage
    fi.fh.set(42);
    FileInfoFlags.keepCache(fi);
    assertEquals(FileInfoFlags.DIRECT_IO | FileInfoFlags.KEEP_CACHE | (1 << 4), memory.getInt(20));
    assertEquals(7, memory.getInt(16));
    assertEquals(42, fi.fh.get());
    assertEquals(memory.getInt(20), FileInfoFlags.get(fi));
  }
}
