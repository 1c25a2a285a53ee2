package dev.smfs.server.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.LogConfig;
import dev.smfs.server.safety.Durability;
import dev.smfs.server.store.LogVolume;
import dev.smfs.server.store.VolumeConfig;
import dev.smfs.server.testing.TestClock;
import dev.smfs.server.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsck changes nothing in the data directory, even when it finds a torn tail a mount would cut. */
class FsckReadOnlyTest {
  static final VolumeConfig SMALL =
      new VolumeConfig(new LogConfig(256 << 10, 64 << 10), 1L << 40, 1L << 32, 32 << 10);

  @TempDir Path dir;

  private Path populateAndTearTheTail() throws IOException {
    Path head;
    try (LogVolume v = LogVolume.open(dir, SMALL, new TestClock(), Durability.ASYNC)) {
      for (int i = 0; i < 8; i++) {
        long ino = v.create(Volume.ROOT, "f" + i, 0644, 0, 0).ino();
        v.write(ino, 0, ByteBuffer.wrap(new byte[30_000]));
      }
      var segs = v.log().segments();
      head = dir.resolve("log").resolve(String.format("%020d.log", segs.get(segs.size() - 1).id()));
    }
    // A record header cut short after the last whole record: what a crash mid-append leaves.
    try (FileChannel ch = FileChannel.open(head, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xA5, 0, 0, 1, 0, 0, 0}), ch.size());
    }
    return head;
  }

  private Map<String, String> hashes() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String key = dir.relativize(p).toString();
        out.put(key, Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tornTailIsReportedAndEveryFileStaysByteIdentical() throws IOException {
    Path head = populateAndTearTheTail();
    long tornAt = Files.size(head) - 7;
    Map<String, String> before = hashes();

    FsckReport r = Fsck.check(dir);

    assertEquals(before, hashes());
    assertEquals(1, r.problems().size(), () -> r.problems().toString());
    Problem p = r.problems().get(0);
    assertEquals(head, p.file());
    assertEquals(tornAt, p.offset());
    assertTrue(p.what().startsWith("torn_tail bytes=7"), p.what());
  }

  @Test
  void damagedDurableRecordInTheHeadIsReportedAsCorruptionAndRefusedByOpen() throws IOException {
    Path head = populateAndTearTheTail();
    LogLastRecord last = LogLastRecord.of(dir, SMALL);
    try (FileChannel ch =
        FileChannel.open(head, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 7);
      ByteBuffer b = ByteBuffer.allocate(1);
      long at = last.offset() + 30;
      ch.read(b, at);
      b.put(0, (byte) ~b.get(0)).rewind();
      ch.write(b, at);
    }
    Map<String, String> before = hashes();

    FsckReport r = Fsck.check(dir);
    assertEquals(before, hashes());
    assertTrue(
        r.problems().stream()
            .anyMatch(
                p ->
                    p.file().equals(head)
                        && p.offset() == last.offset()
                        && p.what().startsWith("corrupt_head")
                        && p.what().contains("durable-record-damaged lsn=" + last.lsn())),
        () -> r.problems().toString());

    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> LogVolume.open(dir, SMALL, new TestClock(), Durability.ASYNC));
    assertTrue(e.getMessage().contains("offset=" + last.offset()), e.getMessage());
    assertTrue(e.getMessage().contains("lsn=" + last.lsn()), e.getMessage());
    String headKey = dir.relativize(head).toString();
    assertEquals(before.get(headKey), hashes().get(headKey), "a refused open must not cut the log");
  }

  /** Where the newest record of a closed volume's log is. */
  private record LogLastRecord(long offset, long lsn) {
    static LogLastRecord of(Path dir, VolumeConfig config) throws IOException {
      try (var log = dev.smfs.server.log.Log.openReadOnly(dir.resolve("log"), config.log(), 0)) {
        long lsn = log.lastLsn();
        try (var s = log.scan(lsn)) {
          return new LogLastRecord(s.next().address().offset(), lsn);
        }
      }
    }
  }
}
