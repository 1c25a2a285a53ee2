package dev.smfs.transport.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossModelTest {
  private static final long SEED = 20261121L;

  @Test
  void bernoulliLossRateIsWithinFiveSigmaOfConfigured() {
    int draws = 1_000_000;
    double p = 0.01;
    LossModel model = new LossModel(p, null, new SplittableRandom(SEED));
    int lost = 0;
    for (int i = 0; i < draws; i++) {
      if (model.drop()) {
        lost++;
      }
    }
    // Binomial(n=1e6, p=0.01): mean 10000, sigma sqrt(n p (1-p)) = 99.5.
    double sigma = Math.sqrt(draws * p * (1 - p));
    assertEquals(draws * p, lost, 5 * sigma, "lost=" + lost);
  }

  @Test
  void zeroLossNeverDrops() {
    LossModel model = new LossModel(0, null, new SplittableRandom(SEED));
    for (int i = 0; i < 100_000; i++) {
      assertFalse(model.drop());
    }
  }

  @Test
  void certainLossAlwaysDrops() {
    LossModel model = new LossModel(1, null, new SplittableRandom(SEED));
    for (int i = 0; i < 10_000; i++) {
      assertTrue(model.drop());
    }
  }

  @Test
  void sameSeedGivesSameLossPattern() {
    LossModel a = new LossModel(0.1, GilbertElliott.ofMeanBurst(5, 0.02), new SplittableRandom(7));
    LossModel b = new LossModel(0.1, GilbertElliott.ofMeanBurst(5, 0.02), new SplittableRandom(7));
    for (int i = 0; i < 100_000; i++) {
      assertEquals(a.drop(), b.drop(), "draw " + i);
    }
  }

  @Test
  void gilbertElliottBurstsHaveTheConfiguredMeanLength() {
    GilbertElliott ge = GilbertElliott.ofMeanBurst(10, 0.005);
    LossModel model = new LossModel(0, ge, new SplittableRandom(SEED));
    int packets = 4_000_000;
    long lost = 0;
    long bursts = 0;
    boolean previousLost = false;
    for (int i = 0; i < packets; i++) {
      boolean dropped = model.drop();
      if (dropped) {
        lost++;
        if (!previousLost) {
          bursts++;
        }
      }
      previousLost = dropped;
    }
    // About 2000 bursts of geometric length (mean 10, sd 9.5): the mean's standard error is
    // 9.5/sqrt(2000) = 0.21; allow 5 of them.
    double meanBurst = (double) lost / bursts;
    assertEquals(10.0, meanBurst, 5 * 9.5 / Math.sqrt(bursts), "bursts=" + bursts);
    // The loss count is a sum of ~2000 bursts: its relative standard error is about
    // sqrt(2/2000) = 3.2% (burst count and burst length both vary); allow 5 of them.
    assertEquals(0.005, (double) lost / packets, 0.005 * 5 * Math.sqrt(2.0 / bursts));
  }

  @Test
  void gilbertElliottNeverLosesInTheGoodState() {
    // Bad state loses nothing either: the channel must then never drop.
    LossModel model =
        new LossModel(0, new GilbertElliott(0.3, 0.3, 0.0), new SplittableRandom(SEED));
    boolean sawBad = false;
    for (int i = 0; i < 100_000; i++) {
      assertFalse(model.drop());
      sawBad |= model.inBadState();
    }
    assertTrue(sawBad);
  }

  @Test
  void gilbertElliottLossesOnlyHappenInTheBadState() {
    LossModel model =
        new LossModel(0, new GilbertElliott(0.05, 0.2, 0.5), new SplittableRandom(SEED));
    for (int i = 0; i < 100_000; i++) {
      if (model.drop()) {
        assertTrue(model.inBadState(), "loss in good state at draw " + i);
      }
    }
  }
}
