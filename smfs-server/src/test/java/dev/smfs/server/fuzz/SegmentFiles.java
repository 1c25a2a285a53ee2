package dev.smfs.server.fuzz;

import dev.smfs.transport.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a log directory's segment files from fuzz input. A segment is either raw fuzz bytes or a
 * valid header followed by records with correct CRCs (so the fuzzer gets past the checksums), then
 * damaged on purpose: wrong LSNs, bad CRCs, oversize lengths, a garbage tail, flipped bytes and
 * truncation, all chosen by the input.
 */
final class SegmentFiles {
  private SegmentFiles() {}

  /** Segment id to file bytes, as written. */
  static Map<Long, byte[]> build(FuzzInput in, int maxPayload) {
    Map<Long, byte[]> files = new TreeMap<>();
    int count = in.intIn(1, 3);
    long id = in.intIn(1, 3);
    long nextLsn = 1 + in.u8();
    for (int s = 0; s < count; s++) {
      if (s > 0) {
        id += in.bit() ? 1 + in.intIn(1, 3) : 1;
      }
      int mode = in.u8();
      byte[] bytes;
      if (mode % 8 == 0) {
        bytes = in.bytes(in.u16() % 2048);
      } else {
        long firstLsn = (mode & 0x08) != 0 ? in.u64() : nextLsn;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ReferenceSegment.encodeHeader(id, firstLsn));
        int records = in.intIn(0, 12);
        long lsn = firstLsn;
        for (int i = 0; i < records; i++) {
          int flaws = in.u8();
          int type = in.u16();
          int length = (flaws & 0x04) != 0 ? in.intIn(0, maxPayload + 16) : in.u8() % 64;
          long recordLsn = (flaws & 0x01) != 0 ? in.u64() : lsn;
          out.writeBytes(
              ReferenceSegment.encodeRecord(
                  type, recordLsn, in.bytes(length), (flaws & 0x02) == 0));
          lsn++;
        }
        nextLsn = lsn;
        if ((mode & 0x10) != 0) {
          out.writeBytes(in.bytes(in.u8() % 64));
        }
        bytes = out.toByteArray();
        int flips = (mode >>> 5) & 3;
        for (int i = 0; i < flips && bytes.length > 0; i++) {
          bytes[in.u16() % bytes.length] ^= (byte) (1 + in.u8() % 255);
        }
        if ((mode & 0x80) != 0) {
          bytes = Arrays.copyOf(bytes, in.u16() % (bytes.length + 1));
        }
      }
      files.put(id, bytes);
    }
    return files;
  }

  static Path fileOf(Path dir, long id) {
    return dir.resolve(String.format("%020d.log", id));
  }

  /**
   * Writes the files; every one but the last (the head) is made read-only, the log's mark of a
   * sealed segment that was synced, so the log trusts it by header as {@link ReferenceSegment}
   * models. Unsynced sealed segments (writable, verified and cut at open) have their own tests
   * ({@code SealedSegmentTest}).
   */
  static void write(Path dir, Map<Long, byte[]> files) throws IOException {
    long last = files.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    for (Map.Entry<Long, byte[]> e : files.entrySet()) {
      Path f = fileOf(dir, e.getKey());
      Files.write(f, e.getValue());
      if (e.getKey() != last) {
        Files.setPosixFilePermissions(
            f, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
