package dev.smfs.transport.fuzz;

/**
 * Reads a fuzzer's raw bytes front to back as small unsigned integers and byte strings. Past the
 * end every read returns zeros, so any byte string is a complete, valid input: the fuzzer mutates
 * the structure simply by mutating bytes, and seed files can be written by hand.
 *
 * <p>Not thread-safe; one per fuzz execution.
 */
public final class FuzzInput {
  private final byte[] data;
  private int pos;

  public FuzzInput(byte[] data) {
    this.data = data;
  }

  public boolean exhausted() {
    return pos >= data.length;
  }

  public int remaining() {
    return Math.max(0, data.length - pos);
  }

  public int u8() {
    return pos < data.length ? data[pos++] & 0xFF : 0;
  }

  public int u16() {
    return (u8() << 8) | u8();
  }

  public long u32() {
    return ((long) u16() << 16) | u16();
  }

  public long u64() {
    return (u32() << 32) | u32();
  }

  public boolean bit() {
    return (u8() & 1) != 0;
  }

  /** A value in {@code [lo, hi]} (hi - lo below 65536) from one or two bytes. */
  public int intIn(int lo, int hi) {
    int span = hi - lo + 1;
    int raw = span <= 256 ? u8() : u16();
    return lo + raw % span;
  }

  /** Exactly {@code n} bytes, zero-filled past the end of the input. */
  public byte[] bytes(int n) {
    byte[] out = new byte[n];
    int take = Math.min(n, remaining());
    System.arraycopy(data, pos, out, 0, take);
    pos += take;
    return out;
  }
}
