package dev.smfs.transport.wan;

/**
 * Parameters of the two-state Gilbert-Elliott burst-loss channel. The state moves once per packet:
 * good to bad with {@code pGoodToBad}, bad to good with {@code pBadToGood}. A packet is never lost
 * in the good state and is lost with {@code lossInBad} in the bad state.
 *
 * <p>A bad period lasts {@code 1 / pBadToGood} packets on average; the long-run loss rate is {@code
 * pGoodToBad / (pGoodToBad + pBadToGood) * lossInBad}.
 */
public record GilbertElliott(double pGoodToBad, double pBadToGood, double lossInBad) {
  public GilbertElliott {
    requireProbability("p_gb", pGoodToBad);
    requireProbability("p_bg", pBadToGood);
    requireProbability("p_loss_bad", lossInBad);
    if (pBadToGood == 0 && pGoodToBad > 0) {
      throw new IllegalArgumentException(
          "p_bg=0 would make the bad state absorbing; give p_bg in (0,1]");
    }
  }

  /**
   * Parses {@code P_GB,P_BG,P_LOSS_BAD} as written on the command line.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static GilbertElliott parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "--ge expects P_GB,P_BG,P_LOSS_BAD (three numbers), got '" + text + "'");
    }
    double[] values = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        values[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--ge part " + (i + 1) + " is not a number: '" + parts[i] + "'");
      }
    }
    return new GilbertElliott(values[0], values[1], values[2]);
  }

  /**
   * Chooses the transition probabilities for a mean bad period and long-run loss, losing all bad
   * packets.
   */
  public static GilbertElliott ofMeanBurst(double meanBurstPackets, double averageLoss) {
    if (!(meanBurstPackets >= 1)) {
      throw new IllegalArgumentException("meanBurstPackets=" + meanBurstPackets + " must be >= 1");
    }
    if (!(averageLoss > 0 && averageLoss < 1)) {
      throw new IllegalArgumentException("averageLoss=" + averageLoss + " must be in (0,1)");
    }
    double pBadToGood = 1 / meanBurstPackets;
    double pGoodToBad = averageLoss * pBadToGood / (1 - averageLoss);
    return new GilbertElliott(pGoodToBad, pBadToGood, 1.0);
  }

  /** Fraction of time spent in the bad state in the long run. */
  public double badStateShare() {
    return pGoodToBad == 0 ? 0 : pGoodToBad / (pGoodToBad + pBadToGood);
  }

  /** Long-run loss rate. */
  public double averageLoss() {
    return badStateShare() * lossInBad;
  }

  /** Mean number of consecutive packets spent in the bad state. */
  public double meanBadRunPackets() {
    return 1 / pBadToGood;
  }

  static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + "=" + p + " must be in [0,1]");
    }
  }
}
