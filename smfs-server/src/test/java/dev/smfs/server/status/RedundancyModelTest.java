package dev.smfs.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.transport.fec.FecDecoder;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.fec.LayeredEncoder;
import dev.smfs.transport.fec.RepairRecipe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedundancyModelTest {

  @Test
  void noLossMeansNoLoss() {
    assertEquals(0.0, RedundancyModel.packetLossProbability(FecParams.defaults(), 0.0));
  }

  @Test
  void totalLossMeansCertainLoss() {
    assertEquals(1.0, RedundancyModel.packetLossProbability(FecParams.defaults(), 1.0), 1e-12);
  }

  @Test
  void singleLayerWithoutPeelingIsTheClosedForm() {
    double p = 0.1;
    int r = 8;
    double expected = p * (1 - Math.pow(1 - p, r));
    assertEquals(expected, RedundancyModel.packetLossProbability(r, 1, p), 1e-15);
  }

  @Test
  void moreLayersNeverHurt() {
    for (double p : new double[] {0.001, 0.01, 0.05, 0.1}) {
      double prev = 1;
      for (int c = 1; c <= 4; c++) {
        double q = RedundancyModel.packetLossProbability(8, c, p);
        assertTrue(q <= prev, "p=" + p + " c=" + c);
        prev = q;
      }
    }
  }

  @Test
  void writeLossGrowsWithPacketsAndMatchesOnePacket() {
    FecParams f = FecParams.defaults();
    double one = RedundancyModel.packetLossProbability(f, 0.05);
    assertEquals(one, RedundancyModel.writeLossProbability(f, 0.05, 1), 1e-15);
    assertTrue(RedundancyModel.writeLossProbability(f, 0.05, 1000) > one);
  }

  @Test
  void matchesMonteCarloOfTheRealCodecForDefaultLayering() {
    assertModelMatchesSimulation(FecParams.defaults(), 0.12, 400_000, 42L);
  }

  @Test
  void matchesMonteCarloOfTheRealCodecForTwoLayers() {
    assertModelMatchesSimulation(new FecParams(4, 2, new int[] {1, 7}), 0.06, 400_000, 7L);
  }

  /**
   * Runs {@code packets} data packets through the real encoder and decoder, dropping each data and
   * repair packet with probability {@code p}, and compares the fraction of data packets neither
   * received nor recovered with the model. The tolerance covers binomial noise (3 standard errors)
   * plus 15% model error (the tree approximation ignores cycles, which at these loss rates makes it
   * about 10% optimistic).
   */
  private static void assertModelMatchesSimulation(
      FecParams params, double p, int packets, long seed) {
    Random random = new Random(seed);
    BitSet delivered = new BitSet(packets);
    List<Object[]> repairs = new ArrayList<>();
    // Leak tracking of a million tiny buffers would dominate the run; this test releases every
    // buffer anyway and is about recovery, not ownership (the codec's own tests cover that).
    ByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    LayeredEncoder encoder =
        new LayeredEncoder(
            params,
            8,
            (recipe, lengthXor, xor) -> repairs.add(new Object[] {recipe, lengthXor, xor}),
            alloc);
    FecDecoder decoder =
        new FecDecoder(
            params,
            8,
            4 * params.r() * params.maxInterleave(),
            (seq, symbol) -> {
              try {
                assertEquals(seq, symbol.getLong(symbol.readerIndex()), "recovered content");
                delivered.set((int) seq);
              } finally {
                symbol.release();
              }
            },
            alloc);
    ByteBuf symbol = alloc.heapBuffer(8, 8);
    try {
      for (int seq = 0; seq < packets; seq++) {
        symbol.clear().writeLong(seq);
        encoder.onData(seq, symbol, 0);
        if (random.nextDouble() >= p) {
          delivered.set(seq);
          decoder.onData(seq, symbol);
        }
        deliver(repairs, decoder, random, p);
      }
      encoder.flushAll();
      deliver(repairs, decoder, random, p);
    } finally {
      symbol.release();
    }
    // Skip the edges: the first and last groups of the widest layer are partial.
    int margin = params.r() * params.maxInterleave();
    int counted = packets - 2 * margin;
    int lost = counted - delivered.get(margin, packets - margin).cardinality();
    double measured = (double) lost / counted;
    double model = RedundancyModel.packetLossProbability(params, p);
    double stderr = Math.sqrt(model * (1 - model) / counted);
    double tolerance = 3 * stderr + 0.15 * model;
    System.out.println(
        "redundancy-model params="
            + params
            + " p="
            + p
            + " model="
            + model
            + " measured="
            + measured
            + " lost="
            + lost);
    assertTrue(lost > 80, "too few losses to compare: lost=" + lost);
    assertEquals(
        model,
        measured,
        tolerance,
        "params=" + params + " p=" + p + " lost=" + lost + " counted=" + counted);
  }

  private static void deliver(List<Object[]> repairs, FecDecoder decoder, Random random, double p) {
    for (Object[] rep : repairs) {
      ByteBuf xor = (ByteBuf) rep[2];
      if (random.nextDouble() >= p) {
        decoder.onRepair((RepairRecipe) rep[0], (Integer) rep[1], xor); // releases xor
      } else {
        xor.release();
      }
    }
    repairs.clear();
  }
}
