package dev.smfs.transport.fec;

import java.util.Arrays;

/**
 * Layered-interleaving parameters: every layer emits one XOR repair per {@code r} data packets of
 * each of its sub-streams; there are {@code c} layers, layer {@code j} splitting the data stream
 * into {@code interleaves[j]} sub-streams by sequence number modulo the interleave.
 *
 * <p>Immutable: the array is copied on construction and on {@link #interleaves()}.
 *
 * @param r packets per repair group, in [2, 64]
 * @param c number of layers, in [1, 8], equal to {@code interleaves.length}
 * @param interleaves interleave of each layer, each in [1, 4096]
 */
public record FecParams(int r, int c, int[] interleaves) {

  public static final int MIN_R = 2;
  public static final int MAX_R = 64;
  public static final int MIN_C = 1;
  public static final int MAX_C = 8;
  public static final int MIN_INTERLEAVE = 1;
  public static final int MAX_INTERLEAVE = 4096;

  public FecParams {
    if (r < MIN_R || r > MAX_R) {
      throw new IllegalArgumentException(
          "fec r out of range: r=" + r + " allowed=[" + MIN_R + "," + MAX_R + "]");
    }
    if (c < MIN_C || c > MAX_C) {
      throw new IllegalArgumentException(
          "fec c out of range: c=" + c + " allowed=[" + MIN_C + "," + MAX_C + "]");
    }
    if (interleaves == null) {
      throw new IllegalArgumentException("fec interleaves missing: c=" + c);
    }
    if (interleaves.length != c) {
      throw new IllegalArgumentException(
          "fec interleave count differs from c: c=" + c + " interleaves=" + interleaves.length);
    }
    interleaves = interleaves.clone();
    for (int j = 0; j < interleaves.length; j++) {
      int i = interleaves[j];
      if (i < MIN_INTERLEAVE || i > MAX_INTERLEAVE) {
        throw new IllegalArgumentException(
            "fec interleave out of range: layer="
                + j
                + " interleave="
                + i
                + " allowed=["
                + MIN_INTERLEAVE
                + ","
                + MAX_INTERLEAVE
                + "]");
      }
    }
  }

  /** The SMFS default: r=8, c=3, interleaves (1, 10, 100). */
  public static FecParams defaults() {
    return new FecParams(8, 3, new int[] {1, 10, 100});
  }

  /**
   * Parses the command-line form, e.g. {@code parse("8,3", "1,10,100")}.
   *
   * @param rc "R,C"
   * @param interleaves comma-separated interleaves, exactly C of them
   * @throws IllegalArgumentException naming the bad input when either string is malformed or the
   *     values are out of range
   */
  public static FecParams parse(String rc, String interleaves) {
    int[] rcValues = parseInts("fec", rc);
    if (rcValues.length != 2) {
      throw new IllegalArgumentException(
          "fec must be R,C: fec='" + rc + "' values=" + rcValues.length);
    }
    int[] iValues = parseInts("interleave", interleaves);
    return new FecParams(rcValues[0], rcValues[1], iValues);
  }

  private static int[] parseInts(String what, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " is empty: " + what + "='" + text + "'");
    }
    String[] parts = text.split(",", -1);
    int[] out = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      String part = parts[k].trim();
      try {
        out[k] = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            what + " has a non-integer element: " + what + "='" + text + "' element='" + part + "'",
            e);
      }
    }
    return out;
  }

  /** Returns a copy of the interleaves, one per layer. */
  @Override
  public int[] interleaves() {
    return interleaves.clone();
  }

  /** Interleave of layer {@code j} without copying. */
  public int interleave(int layer) {
    return interleaves[layer];
  }

  /** Largest interleave over all layers. */
  public int maxInterleave() {
    int max = 0;
    for (int i : interleaves) {
      max = Math.max(max, i);
    }
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FecParams other
        && r == other.r
        && c == other.c
        && Arrays.equals(interleaves, other.interleaves);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * r + c) + Arrays.hashCode(interleaves);
  }

  @Override
  public String toString() {
    return "FecParams[r=" + r + ", c=" + c + ", interleaves=" + Arrays.toString(interleaves) + "]";
  }
}
