package dev.smfs.transport.bench;

import java.io.IOException;

/** Runs {@code smfs bench transport}: the raw UDP phase, then the session phase. */
public final class TransportBench {
  private TransportBench() {}

  /**
   * Runs both phases, each for {@code config.seconds()}, on 127.0.0.1.
   *
   * @throws IOException if a socket cannot be set up
   * @throws InterruptedException if interrupted while waiting for a phase to drain
   */
  public static TransportBenchResult run(TransportBenchConfig config)
      throws IOException, InterruptedException {
    RawUdpBench.Result raw = RawUdpBench.run(config);
    return new TransportBenchResult(
        raw.mbps(),
        raw.sent(),
        raw.received(),
        raw.link().droppedLoss() + raw.link().droppedQueue(),
        raw.corrupt() + raw.duplicates(),
        raw.latency().quantileMillis(0.5),
        raw.latency().quantileMillis(0.99),
        null,
        "the reliable session (branch t-session) is not merged into this build yet");
  }
}
