package dev.smfs.transport.fec;

/**
 * A received repair that still misses at least one covered packet. Its accumulator already has
 * every known member XORed out, so it shrinks to the missing members' XOR; with one member left, it
 * is that member (zero-padded), and {@link #lengthXor} is that member's length.
 *
 * <p>Owned by one {@link FecDecoder}; registered in the decoder's per-slot table under each missing
 * member, and nowhere else once resolved or dropped.
 */
final class PendingRepair {
  final int layer;
  final long firstSeq;
  final int stride;
  final int count;

  /** Length in bytes of the repair's XOR payload: the longest member's length. */
  final int xorBytes;

  /** Bit {@code i} set: member {@code firstSeq + i * stride} is still unknown. */
  long missingMask;

  int missing;
  int lengthXor;
  long[] acc;

  PendingRepair(RepairRecipe recipe, int xorBytes, int lengthXor, long[] acc) {
    this.layer = recipe.layer();
    this.firstSeq = recipe.firstSeq();
    this.stride = recipe.stride();
    this.count = recipe.count();
    this.xorBytes = xorBytes;
    this.lengthXor = lengthXor;
    this.acc = acc;
  }

  long seqAt(int i) {
    return firstSeq + (long) i * stride;
  }

  int indexOf(long seq) {
    return (int) ((seq - firstSeq) / stride);
  }
}
