package dev.smfs.transport.bench;

import java.util.Arrays;

/**
 * A growable array of longs without boxing. Single writer; a reader on another thread must first
 * read a volatile published after the writes it wants to see (the array reference is then fresh).
 */
final class LongArray {
  private long[] values = new long[1 << 16];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  long get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException("index=" + index + " size=" + size);
    }
    return values[index];
  }

  int size() {
    return size;
  }
}
