package dev.smfs.transport.fec;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brute-force oracle: repeatedly recovers the single unknown packet of any repair until nothing
 * changes. The fixpoint is unique (knowledge only grows), so it is the most any XOR decoder can
 * recover from the same packets.
 */
final class ReferenceDecoder {
  private ReferenceDecoder() {}

  /**
   * Sequence numbers recoverable from {@code received} data and {@code recipes}, minus received.
   */
  static Set<Long> recoverable(Set<Long> received, Collection<RepairRecipe> recipes) {
    Set<Long> known = new HashSet<>(received);
    Set<Long> recovered = new TreeSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (RepairRecipe recipe : recipes) {
        long unknown = -1;
        int unknownCount = 0;
        for (int i = 0; i < recipe.count() && unknownCount < 2; i++) {
          long s = recipe.seqAt(i);
          if (!known.contains(s)) {
            unknown = s;
            unknownCount++;
          }
        }
        if (unknownCount == 1) {
          known.add(unknown);
          recovered.add(unknown);
          changed = true;
        }
      }
    }
    return recovered;
  }
}
