package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.index.Index;
import dev.smfs.server.index.IndexTxn;
import dev.smfs.server.index.RocksKeyValueStore;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.FileType;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.Volume;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsckCommandTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @TempDir Path dir;

  private int run(String... args) {
    return cli.run(args);
  }

  private void populate() throws Exception {
    try (LogVolume v =
        LogVolume.open(dir, VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      long ino = v.create(Volume.ROOT, "f", 0644, 0, 0).ino();
      v.write(ino, 0, ByteBuffer.wrap(new byte[5000]));
    }
  }

  @Test
  void cleanVolumeExitsZeroWithASummary() throws Exception {
    populate();
    assertEquals(0, run("fsck", "--data", dir.toString()), err::toString);
    assertTrue(out.toString().startsWith("clean: "), out::toString);
  }

  @Test
  void inconsistentVolumeExitsOneWithOneLinePerProblem() throws Exception {
    populate();
    try (Index index = new Index(RocksKeyValueStore.open(dir.resolve("index"), () -> {}))) {
      IndexTxn t = index.begin();
      t.putInode(new InodeAttr(2, FileType.REGULAR, 0644, 4, 0, 0, 5000, 1, 1, 1));
      t.commit(index.appliedLsn());
    }
    assertEquals(1, run("fsck", "--data", dir.toString()));
    String text = out.toString().strip();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("problem=nlink_mismatch ino=2"), text);
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
  }

  @Test
  void missingDirectoryIsOneErrorLine() {
    assertEquals(1, run("fsck", "--data", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("no such data directory"), err::toString);
  }
}
