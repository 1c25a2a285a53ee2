package dev.smfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.LogRecord;
import dev.smfs.server.log.LogScanner;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.DataDirLock;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteCommandTest {
  private final CliRunner cli = new CliRunner();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @TempDir Path dir;

  private int run(String... args) {
    return cli.run(args);
  }

  /** A stopped mirror's data dir holding one replica of a primary with directory "d". */
  private UUID mirrorDataDir(Path mirror) throws Exception {
    try (LogVolume p =
        LogVolume.open(
            dir.resolve("primary"), VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      p.mkdir(Volume.ROOT, "d", 0755, 0, 0);
      Path replicaDir = mirror.resolve("volumes").resolve(p.uuid().toString());
      try (LogVolume r = LogVolume.openReplica(replicaDir, VolumeConfig.defaults());
          LogScanner s = p.log().scan(1)) {
        while (s.hasNext()) {
          LogRecord rec = s.next();
          r.ingest(rec.lsn(), rec.type(), rec.payload());
        }
      }
      return p.uuid();
    }
  }

  @Test
  void promotePrintsTheDataDirectoryWithTheBumpedEpoch() throws Exception {
    Path mirror = dir.resolve("mirror");
    UUID id = mirrorDataDir(mirror);
    assertEquals(0, run("promote", "--data", mirror.toString()), err::toString);
    Path data = mirror.resolve("volumes").resolve(id.toString());
    assertEquals(id + " epoch=2 lastLsn=3 data=" + data, out.toString().strip());
    try (LogVolume v =
        LogVolume.open(data, VolumeConfig.defaults(), new TestClock(), Durability.ASYNC)) {
      assertEquals(2, v.epoch());
      assertTrue(v.lookup(Volume.ROOT, "d").ino() > 0);
    }
  }

  @Test
  void promoteRefusesALockedDataDirectoryInOneLine() throws Exception {
    Path mirror = dir.resolve("mirror");
    mirrorDataDir(mirror);
    try (DataDirLock lock = DataDirLock.acquire(mirror)) {
      assertEquals(1, run("promote", "--data", mirror.toString()));
    }
    assertEquals(1, err.toString().strip().lines().count(), err::toString);
    assertTrue(err.toString().contains("in use"), err::toString);
  }

  @Test
  void promoteRefusesADirectoryWithoutReplicas() {
    assertEquals(1, run("promote", "--data", dir.toString()));
    assertTrue(err.toString().contains("not a mirror data directory"), err::toString);
  }
}
