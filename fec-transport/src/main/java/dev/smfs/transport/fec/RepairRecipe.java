package dev.smfs.transport.fec;

/**
 * Which data packets one repair covers: sequence numbers {@code firstSeq + i * stride} for {@code
 * i} in {@code [0, count)}.
 *
 * @param layer FEC layer that produced the repair, in [0, 8)
 * @param firstSeq first covered data sequence number, {@code >= 0}
 * @param stride distance between covered sequence numbers (the layer's interleave), {@code >= 1}
 * @param count number of covered packets, in [1, 64]
 */
public record RepairRecipe(int layer, long firstSeq, int stride, int count) {

  public static final int MAX_LAYERS = 8;
  public static final int MAX_COUNT = 64;

  public RepairRecipe {
    if (layer < 0 || layer >= MAX_LAYERS) {
      throw new IllegalArgumentException(
          "recipe layer out of range: layer=" + layer + " allowed=[0," + MAX_LAYERS + ")");
    }
    if (firstSeq < 0) {
      throw new IllegalArgumentException("recipe firstSeq negative: firstSeq=" + firstSeq);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("recipe stride below 1: stride=" + stride);
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "recipe count out of range: count=" + count + " allowed=[1," + MAX_COUNT + "]");
    }
    if (firstSeq + (long) (count - 1) * stride < firstSeq) {
      throw new IllegalArgumentException(
          "recipe overflows: firstSeq=" + firstSeq + " stride=" + stride + " count=" + count);
    }
  }

  /** The {@code i}-th covered sequence number, {@code 0 <= i < count}. */
  public long seqAt(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("recipe index out of range: i=" + i + " count=" + count);
    }
    return firstSeq + (long) i * stride;
  }

  /** Whether {@code seq} is one of the covered sequence numbers. */
  public boolean covers(long seq) {
    if (seq < firstSeq || seq > lastSeq()) {
      return false;
    }
    return (seq - firstSeq) % stride == 0;
  }

  /** The last covered sequence number. */
  public long lastSeq() {
    return firstSeq + (long) (count - 1) * stride;
  }
}
