package dev.smfs.transport.bench;

import dev.smfs.transport.wan.WanProfile;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@code smfs bench transport} measures.
 *
 * @param seconds how long each phase (raw UDP, session) sends, > 0
 * @param link impairments of the data direction; the reverse direction gets the same with the next
 *     seed
 * @param fecR data packets per repair packet (r)
 * @param fecC repair layers (c)
 * @param interleaves one interleave per layer, {@code c} of them
 * @param payloadBytes application payload per data packet
 * @param seed seed of the payload pattern
 */
public record TransportBenchConfig(
    double seconds,
    WanProfile link,
    int fecR,
    int fecC,
    int[] interleaves,
    int payloadBytes,
    long seed) {
  public TransportBenchConfig {
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(interleaves, "interleaves");
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new IllegalArgumentException("seconds=" + seconds + " must be in (0,3600]");
    }
    if (fecR < 1 || fecC < 0) {
      throw new IllegalArgumentException("fec=" + fecR + "," + fecC + " needs r >= 1, c >= 0");
    }
    if (interleaves.length != fecC) {
      throw new IllegalArgumentException(
          "interleave count=" + interleaves.length + " must equal c=" + fecC);
    }
    for (int i : interleaves) {
      if (i < 1) {
        throw new IllegalArgumentException("interleave=" + i + " must be >= 1");
      }
    }
    if (payloadBytes < PayloadPattern.MIN_SIZE || payloadBytes > 65_000) {
      throw new IllegalArgumentException(
          "size=" + payloadBytes + " must be in [" + PayloadPattern.MIN_SIZE + ",65000]");
    }
    interleaves = interleaves.clone();
  }

  /** The same measurement for {@code s} seconds. */
  public TransportBenchConfig withSeconds(double s) {
    return new TransportBenchConfig(s, link, fecR, fecC, interleaves, payloadBytes, seed);
  }

  @Override
  public int[] interleaves() {
    return interleaves.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportBenchConfig c
        && seconds == c.seconds
        && link.equals(c.link)
        && fecR == c.fecR
        && fecC == c.fecC
        && Arrays.equals(interleaves, c.interleaves)
        && payloadBytes == c.payloadBytes
        && seed == c.seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        seconds, link, fecR, fecC, Arrays.hashCode(interleaves), payloadBytes, seed);
  }

  @Override
  public String toString() {
    return "TransportBenchConfig[seconds="
        + seconds
        + ", link="
        + link
        + ", fec="
        + fecR
        + ","
        + fecC
        + ", interleaves="
        + Arrays.toString(interleaves)
        + ", payloadBytes="
        + payloadBytes
        + ", seed="
        + seed
        + "]";
  }
}
