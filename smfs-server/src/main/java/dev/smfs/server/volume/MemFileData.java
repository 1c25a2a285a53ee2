package dev.smfs.server.volume;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The bytes of one regular file in an {@link InMemoryVolume}: a sparse map of fixed-size chunks, so
 * a file with a hole of terabytes costs only the chunks actually written.
 *
 * <p>Invariant: every byte of every chunk at a file position {@code >= size} is zero. Truncation
 * zeroes the tail it cuts off, so a later extension reads zeros there, as a hole must.
 *
 * <p>Not thread-safe: the owning volume's lock guards it.
 */
final class MemFileData {
  /** Chunk size: large enough to keep the map small, small enough that sparse files are cheap. */
  static final int CHUNK = 64 * 1024;

  private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
  private long size;

  long size() {
    return size;
  }

  int chunkCount() {
    return chunks.size();
  }

  /** How many chunks a write of {@code len > 0} bytes at {@code offset} would newly allocate. */
  long newChunksFor(long offset, long len) {
    long first = offset / CHUNK;
    long last = (offset + len - 1) / CHUNK;
    long present = chunks.subMap(first, true, last, true).size();
    return last - first + 1 - present;
  }

  /** Copies bytes at {@code offset} into {@code dst}; returns the count, 0 at or past the end. */
  int read(long offset, ByteBuffer dst) {
    if (offset >= size || !dst.hasRemaining()) {
      return 0;
    }
    int total = (int) Math.min(dst.remaining(), size - offset);
    int done = 0;
    while (done < total) {
      long pos = offset + done;
      int inChunk = (int) (pos % CHUNK);
      int n = Math.min(total - done, CHUNK - inChunk);
      byte[] chunk = chunks.get(pos / CHUNK);
      if (chunk == null) {
        for (int i = 0; i < n; i++) {
          dst.put((byte) 0);
        }
      } else {
        dst.put(chunk, inChunk, n);
      }
      done += n;
    }
    return total;
  }

  /** Writes all of {@code src} at {@code offset}, extending the file; returns the byte count. */
  int write(long offset, ByteBuffer src) {
    int total = src.remaining();
    int done = 0;
    while (done < total) {
      long pos = offset + done;
      int inChunk = (int) (pos % CHUNK);
      int n = Math.min(total - done, CHUNK - inChunk);
      byte[] chunk = chunks.computeIfAbsent(pos / CHUNK, k -> new byte[CHUNK]);
      src.get(chunk, inChunk, n);
      done += n;
    }
    size = Math.max(size, offset + total);
    return total;
  }

  /** Sets the size; shrinking drops whole chunks past the end and zeroes the cut-off tail. */
  void truncate(long newSize) {
    if (newSize < size) {
      long keepChunks = (newSize + CHUNK - 1) / CHUNK;
      chunks.tailMap(keepChunks, true).clear();
      int tail = (int) (newSize % CHUNK);
      if (tail != 0) {
        byte[] last = chunks.get(newSize / CHUNK);
        if (last != null) {
          Arrays.fill(last, tail, CHUNK, (byte) 0);
        }
      }
    }
    size = newSize;
  }
}
