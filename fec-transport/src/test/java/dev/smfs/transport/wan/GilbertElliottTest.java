package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GilbertElliottTest {
  @Test
  void parsesThreeCommaSeparatedProbabilities() {
    assertEquals(new GilbertElliott(0.001, 0.1, 1.0), GilbertElliott.parse("0.001,0.1,1"));
  }

  @Test
  void parseRejectsWrongArity() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GilbertElliott.parse("0.1,0.2"));
    assertTrue(e.getMessage().contains("P_GB,P_BG,P_LOSS_BAD"), e.getMessage());
  }

  @Test
  void parseRejectsProbabilityAboveOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GilbertElliott.parse("0.1,1.5,1"));
    assertTrue(e.getMessage().contains("p_bg=1.5"), e.getMessage());
  }

  @Test
  void parseRejectsNonNumbers() {
    assertThrows(IllegalArgumentException.class, () -> GilbertElliott.parse("a,0.1,1"));
  }

  @Test
  void absorbingBadStateIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new GilbertElliott(0.1, 0, 1));
  }

  @Test
  void ofMeanBurstGivesTheAskedMeanAndAverageLoss() {
    GilbertElliott ge = GilbertElliott.ofMeanBurst(10, 0.005);
    assertEquals(10, ge.meanBadRunPackets(), 1e-12);
    assertEquals(0.005, ge.averageLoss(), 1e-12);
  }
}
