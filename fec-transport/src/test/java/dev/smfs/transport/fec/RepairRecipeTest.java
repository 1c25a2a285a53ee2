package dev.smfs.transport.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepairRecipeTest {

  private final RepairRecipe recipe = new RepairRecipe(2, 100, 10, 8);

  @Test
  void seqAtStepsByStride() {
    assertEquals(100, recipe.seqAt(0));
    assertEquals(130, recipe.seqAt(3));
    assertEquals(170, recipe.lastSeq());
    assertThrows(IndexOutOfBoundsException.class, () -> recipe.seqAt(8));
  }

  @Test
  void coversOnlyMembers() {
    assertTrue(recipe.covers(100));
    assertTrue(recipe.covers(170));
    assertFalse(recipe.covers(90));
    assertFalse(recipe.covers(105));
    assertFalse(recipe.covers(180));
  }

  @ParameterizedTest
  @CsvSource({
    "-1, 0, 1, 1, layer=-1",
    "8, 0, 1, 1, layer=8",
    "0, -1, 1, 1, firstSeq=-1",
    "0, 0, 0, 1, stride=0",
    "0, 0, 1, 0, count=0",
    "0, 0, 1, 65, count=65",
  })
  void invalidRecipesAreRejected(int layer, long first, int stride, int count, String fragment) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RepairRecipe(layer, first, stride, count));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
