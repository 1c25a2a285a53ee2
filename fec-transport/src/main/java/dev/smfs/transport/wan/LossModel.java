package dev.smfs.transport.wan;

import java.util.SplittableRandom;

/**
 * Decides, packet by packet, whether the link loses it: an independent Bernoulli draw, then (if
 * configured) a Gilbert-Elliott channel. A packet lost by either is lost.
 *
 * <p>The Gilbert-Elliott state moves first, then the packet is judged in the new state, so a bad
 * period covers a geometric number of consecutive packets with mean {@code 1 / p_bg}.
 *
 * <p>Not thread-safe: one instance per direction, used by that direction's thread only.
 */
final class LossModel {
  private final double bernoulli;
  private final GilbertElliott ge;
  private final SplittableRandom random;
  private boolean bad;

  LossModel(double bernoulli, GilbertElliott ge, SplittableRandom random) {
    GilbertElliott.requireProbability("loss", bernoulli);
    this.bernoulli = bernoulli;
    this.ge = ge;
    this.random = random;
  }

  /** Draws the fate of the next packet: true if the link loses it. */
  boolean drop() {
    boolean lost = bernoulli > 0 && random.nextDouble() < bernoulli;
    if (ge != null) {
      if (bad) {
        bad = random.nextDouble() >= ge.pBadToGood();
      } else {
        bad = random.nextDouble() < ge.pGoodToBad();
      }
      if (bad && random.nextDouble() < ge.lossInBad()) {
        lost = true;
      }
    }
    return lost;
  }

  /** True while the Gilbert-Elliott channel is in its bad state. */
  boolean inBadState() {
    return bad;
  }
}
