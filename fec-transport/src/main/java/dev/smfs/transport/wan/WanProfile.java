package dev.smfs.transport.wan;

/**
 * How one direction of the emulated link treats packets.
 *
 * <p>Order of treatment: the {@link PacketFilter}, then Bernoulli loss ({@code loss}), then
 * Gilbert-Elliott loss ({@code ge}, if any), then the queue limit (tail drop), then the rate cap
 * (serialisation at {@code rateMbit}), then the delay {@code delayMs} plus a jitter drawn uniformly
 * from {@code [-jitterMs, +jitterMs]} (the total delay is clamped at zero).
 *
 * <p>Jitter can reorder packets, as it does on real paths; with {@code jitterMs == 0} the order is
 * preserved. {@code queueLimitBytes} bounds every byte held by the direction (waiting for the rate
 * cap or in flight in the delay line), like netem's limit; with a rate cap R and delay D it must
 * exceed R*D/8 or the queue drops packets that the link would carry.
 *
 * @param delayMs one-way delay in milliseconds, >= 0
 * @param jitterMs delay jitter in milliseconds, >= 0
 * @param loss Bernoulli loss probability in [0,1]
 * @param ge Gilbert-Elliott burst loss, or null for none
 * @param rateMbit rate cap in Mbit/s (10^6 bit/s), or null for none
 * @param queueLimitBytes bytes the direction may hold before it tail-drops, > 0
 * @param seed seed of this direction's random draws (loss and jitter)
 */
public record WanProfile(
    double delayMs,
    double jitterMs,
    double loss,
    GilbertElliott ge,
    Double rateMbit,
    long queueLimitBytes,
    long seed) {

  /** 16 MiB: holds 25 ms at 4 Gbit/s, or 100 ms at 1 Gbit/s. */
  public static final long DEFAULT_QUEUE_LIMIT_BYTES = 16L << 20;

  /** A transparent direction: no delay, no loss, no cap. */
  public static final WanProfile PERFECT =
      new WanProfile(0, 0, 0, null, null, DEFAULT_QUEUE_LIMIT_BYTES, 1);

  public WanProfile {
    if (!(delayMs >= 0 && delayMs <= 60_000)) {
      throw new IllegalArgumentException("delay_ms=" + delayMs + " must be in [0,60000]");
    }
    if (!(jitterMs >= 0 && jitterMs <= 60_000)) {
      throw new IllegalArgumentException("jitter_ms=" + jitterMs + " must be in [0,60000]");
    }
    GilbertElliott.requireProbability("loss", loss);
    if (rateMbit != null && !(rateMbit > 0 && rateMbit <= 1_000_000)) {
      throw new IllegalArgumentException("rate_mbit=" + rateMbit + " must be in (0,1000000]");
    }
    if (queueLimitBytes <= 0) {
      throw new IllegalArgumentException("queue_limit_bytes=" + queueLimitBytes + " must be > 0");
    }
  }

  public WanProfile withDelayMs(double value) {
    return new WanProfile(value, jitterMs, loss, ge, rateMbit, queueLimitBytes, seed);
  }

  public WanProfile withJitterMs(double value) {
    return new WanProfile(delayMs, value, loss, ge, rateMbit, queueLimitBytes, seed);
  }

  public WanProfile withLoss(double value) {
    return new WanProfile(delayMs, jitterMs, value, ge, rateMbit, queueLimitBytes, seed);
  }

  public WanProfile withGe(GilbertElliott value) {
    return new WanProfile(delayMs, jitterMs, loss, value, rateMbit, queueLimitBytes, seed);
  }

  public WanProfile withRateMbit(Double value) {
    return new WanProfile(delayMs, jitterMs, loss, ge, value, queueLimitBytes, seed);
  }

  public WanProfile withQueueLimitBytes(long value) {
    return new WanProfile(delayMs, jitterMs, loss, ge, rateMbit, value, seed);
  }

  public WanProfile withSeed(long value) {
    return new WanProfile(delayMs, jitterMs, loss, ge, rateMbit, queueLimitBytes, value);
  }

  long delayNanos() {
    return Math.round(delayMs * 1e6);
  }

  long jitterNanos() {
    return Math.round(jitterMs * 1e6);
  }
}
