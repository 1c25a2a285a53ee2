package dev.smfs.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers for the log tests. */
final class LogFixture {
  /** A syncer that does nothing: for tests where durability is not what is being checked. */
  static final Syncer NO_SYNC = ch -> {};

  /** 4 records of 100-byte payloads per segment, so rolls happen early. */
  static final LogConfig SMALL = new LogConfig(SegmentFormat.FILE_HEADER_BYTES + 4 * 120, 256);

  private LogFixture() {}

  static byte[] payload(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static List<LogRecord> scanAll(Log log, long fromLsn) throws IOException {
    List<LogRecord> out = new ArrayList<>();
    try (LogScanner s = log.scan(fromLsn)) {
      while (s.hasNext()) {
        out.add(s.next());
      }
    }
    return out;
  }

  static Path segmentFile(Path dir, long id) {
    return dir.resolve(Segment.fileName(id));
  }

  static void overwrite(Path file, long offset, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b, offset + b.position());
      }
    }
  }

  static byte readByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      return b.get(0);
    }
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }
}
