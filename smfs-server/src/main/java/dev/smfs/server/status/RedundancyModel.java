package dev.smfs.server.status;

import dev.smfs.transport.fec.FecParams;

/**
 * Probability that a data packet sent under network-sync is lost for good when the primary site
 * disappears right after sending it: only FEC can bring it back then, since nobody is left to
 * retransmit.
 *
 * <h2>Model</h2>
 *
 * Packets (data and repair) are lost independently with probability {@code p}. With layered
 * interleaving {@code (r, c)} every data packet {@code x} belongs to exactly one repair group per
 * layer: {@code c} groups, each of {@code r} data packets plus one repair. With distinct
 * interleaves the groups of {@code x} share no packet other than {@code x}, and locally the
 * packet/group graph is a tree. Peeling recovers a lost {@code x} through group {@code G} when the
 * repair of {@code G} arrived and every other member of {@code G} arrived or was itself recovered
 * through one of its own {@code c - 1} other groups. On the tree this gives the recursion
 *
 * <pre>
 *   u_0     = 1                                   (a lost sibling is never recovered)
 *   g_k     = 1 - (1 - p) * (1 - p * u_k)^(r - 1)  (a group fails to recover its lost member)
 *   u_(k+1) = g_k^(c - 1)                          (a lost sibling stays lost)
 * </pre>
 *
 * iterated to a fixed point {@code g}, and the answer {@code P(x unrecoverable) = p * g^c}.
 *
 * <h2>Approximations</h2>
 *
 * <ul>
 *   <li>The tree ignores cycles (two packets sharing groups of two layers); they matter only when
 *       losses are dense, and then the model is optimistic: about 10% at p = 0.12 for (8, 3), 35%
 *       at p = 0.2 (measured, see docs/status.md).
 *   <li>Every group is full ({@code r} members). Groups flushed early by linger have fewer, so the
 *       model is pessimistic at low load.
 *   <li>Loss is independent. Bursts (Gilbert–Elliott) are what the interleaves are for; bursts
 *       shorter than the smallest interleave spacing behave like independent loss for the layers
 *       that spread them, but the model does not claim more than that.
 *   <li>The decoder's window is assumed large enough for every group to complete.
 * </ul>
 *
 * {@code RedundancyModelTest} compares it with a Monte-Carlo run of the real {@code
 * LayeredEncoder}/{@code FecDecoder}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RedundancyModel {
  private static final int MAX_ITERATIONS = 1000;
  private static final double CONVERGED = 1e-15;

  private RedundancyModel() {}

  /**
   * Probability that one data packet is lost and cannot be recovered by FEC.
   *
   * @param params layering parameters (only {@code r} and {@code c} enter the model)
   * @param lossRate independent loss probability of every packet, in [0, 1]
   */
  public static double packetLossProbability(FecParams params, double lossRate) {
    return packetLossProbability(params.r(), params.c(), lossRate);
  }

  /** As {@link #packetLossProbability(FecParams, double)} with {@code r} and {@code c} given. */
  public static double packetLossProbability(int r, int c, double p) {
    if (r < 1 || c < 1) {
      throw new IllegalArgumentException("need r >= 1 and c >= 1: r=" + r + " c=" + c);
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("loss rate out of range: p=" + p + " allowed=[0,1]");
    }
    double u = 1.0;
    double g = groupFailure(r, p, u);
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      u = Math.pow(g, c - 1);
      double next = groupFailure(r, p, u);
      boolean done = Math.abs(next - g) < CONVERGED;
      g = next;
      if (done) {
        break;
      }
    }
    return p * Math.pow(g, c);
  }

  /**
   * Probability that at least one of {@code packets} data packets is unrecoverable (packets taken
   * as independent, which is slightly pessimistic for neighbours sharing groups).
   */
  public static double writeLossProbability(FecParams params, double lossRate, long packets) {
    if (packets < 0) {
      throw new IllegalArgumentException("packets negative: packets=" + packets);
    }
    double q = packetLossProbability(params, lossRate);
    return -Math.expm1(packets * Math.log1p(-q));
  }

  private static double groupFailure(int r, double p, double u) {
    return 1 - (1 - p) * Math.pow(1 - p * u, r - 1);
  }
}
