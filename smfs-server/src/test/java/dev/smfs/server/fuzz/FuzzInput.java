package dev.smfs.server.fuzz;

/**
 * Reads a fuzzer's raw bytes front to back as small unsigned integers and byte strings. Past the
 * end every read returns zeros, so any byte string is a complete, valid input: the fuzzer mutates
 * the structure simply by mutating bytes, and seed files can be written by hand.
 *
 * <p>Same as the transport fuzz package's reader (test classes are not shared across modules).
 *
 * <p>Not thread-safe; one per fuzz execution.
 */
final class FuzzInput {
  private final byte[] data;
  private int pos;

  FuzzInput(byte[] data) {
    this.data = data;
  }

  boolean exhausted() {
    return pos >= data.length;
  }

  int remaining() {
    return Math.max(0, data.length - pos);
  }

  int u8() {
    return pos < data.length ? data[pos++] & 0xFF : 0;
  }

  int u16() {
    return (u8() << 8) | u8();
  }

  long u32() {
    return ((long) u16() << 16) | u16();
  }

  long u64() {
    return (u32() << 32) | u32();
  }

  boolean bit() {
    return (u8() & 1) != 0;
  }

  /** A value in {@code [lo, hi]} (hi - lo below 65536) from one or two bytes. */
  int intIn(int lo, int hi) {
    int span = hi - lo + 1;
    int raw = span <= 256 ? u8() : u16();
    return lo + raw % span;
  }

  /** Exactly {@code n} bytes, zero-filled past the end of the input. */
  byte[] bytes(int n) {
    byte[] out = new byte[n];
    int take = Math.min(n, remaining());
    System.arraycopy(data, pos, out, 0, take);
    pos += take;
    return out;
  }
}
