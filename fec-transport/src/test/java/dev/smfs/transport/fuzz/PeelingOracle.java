package dev.smfs.transport.fuzz;

import dev.smfs.transport.fec.RepairRecipe;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Brute-force XOR peeling: the sequence numbers any XOR decoder can know from the given data and
 * repair recipes, found by resolving every recipe with exactly one unknown member until nothing
 * changes. Knowledge only grows, so the fixpoint is unique and independent of arrival order.
 */
final class PeelingOracle {
  private PeelingOracle() {}

  /** {@code received} plus everything peeling reaches from it through {@code recipes}. */
  static Set<Long> closure(Set<Long> received, Collection<RepairRecipe> recipes) {
    Set<Long> known = new HashSet<>(received);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (RepairRecipe recipe : recipes) {
        long unknown = -1;
        int unknowns = 0;
        for (int i = 0; i < recipe.count() && unknowns < 2; i++) {
          long s = recipe.seqAt(i);
          if (!known.contains(s)) {
            unknown = s;
            unknowns++;
          }
        }
        if (unknowns == 1) {
          known.add(unknown);
          changed = true;
        }
      }
    }
    return known;
  }
}
