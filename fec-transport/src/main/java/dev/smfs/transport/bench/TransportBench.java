package dev.smfs.transport.bench;

import dev.smfs.transport.codec.PacketCodec;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.wan.WanProfile;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code smfs bench transport}: the raw UDP phase, then the session phase through the same
 * emulated path. The session is paced at the link's rate cap if there is one, else at the raw
 * phase's measured ceiling (unless a pacing rate is given).
 */
public final class TransportBench {
  private TransportBench() {}

  /** Bound on the sealing warm-up on a loaded machine. */
  private static final long WARM_UP_LIMIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  /**
   * Runs both phases, each for {@code config.seconds()}, on 127.0.0.1.
   *
   * @param paceMbit the session's pacing rate on the wire in Mbit/s, or null to choose as above
   * @param offeredMbit payload rate the application offers, or null for what the pacing rate
   *     carries after FEC and header overhead
   * @throws IOException if a socket cannot be set up or the session cannot connect
   * @throws InterruptedException if interrupted while waiting for a phase to drain
   */
  public static TransportBenchResult run(
      TransportBenchConfig config, Double paceMbit, Double offeredMbit)
      throws IOException, InterruptedException {
    return run(config, paceMbit, offeredMbit, TransportSecurity.insecure(), 0);
  }

  /**
   * As {@link #run(TransportBenchConfig, Double, Double)} with the session under {@code security},
   * then, if {@code latencyLoad > 0}, a second session run (as long) offered {@code latencyLoad}
   * times the first run's goodput: a load the session carries, so its latency percentiles are not
   * queueing behind an overloaded path.
   *
   * @param latencyLoad share of the first run's goodput offered in the latency run, in [0, 1); 0
   *     skips it
   */
  public static TransportBenchResult run(
      TransportBenchConfig config,
      Double paceMbit,
      Double offeredMbit,
      TransportSecurity security,
      double latencyLoad)
      throws IOException, InterruptedException {
    if (!(latencyLoad >= 0 && latencyLoad < 1)) {
      throw new IllegalArgumentException("latencyLoad=" + latencyLoad + " must be in [0,1)");
    }
    // Compile the sealing path before anything is measured, as JMH warms up before it measures:
    // the figures are the steady cost of sealing, not the JIT's first seconds (CipherWarmUp).
    security.warmUp(config.payloadBytes() + PacketCodec.DATA_OVERHEAD_BYTES, WARM_UP_LIMIT_NANOS);
    RawUdpBench.Result raw = RawUdpBench.run(config);
    double pace =
        paceMbit != null
            ? paceMbit
            : config.link().rateMbit() != null ? config.link().rateMbit() : raw.mbps();
    if (pace > 0 && !Boolean.getBoolean(NO_SESSION_WARM_UP_PROPERTY)) {
      warmUpSession(config, pace, offeredMbit, security);
    }
    SessionBench.Outcome session =
        pace > 0 ? SessionBench.run(config, pace, offeredMbit, security) : null;
    TransportBenchResult.SessionFigures latencyRun = null;
    if (latencyLoad > 0 && session != null && session.figures().goodputMbps() > 0) {
      latencyRun =
          SessionBench.run(config, pace, latencyLoad * session.figures().goodputMbps(), security)
              .figures();
    }
    return new TransportBenchResult(
        raw.mbps(),
        raw.sent(),
        raw.received(),
        raw.link().droppedLoss() + raw.link().droppedQueue(),
        raw.corrupt() + raw.duplicates(),
        raw.latency().quantileMillis(0.5),
        raw.latency().quantileMillis(0.99),
        pace,
        session == null ? null : session.figures(),
        perPacket(raw.cpuNanosByRole(), raw.link().received()),
        session == null
            ? Map.of()
            : perPacket(session.cpuNanosByRole(), session.figures().dataPackets()),
        session == null ? "the raw phase delivered nothing, so there is no rate to pace at" : null,
        latencyRun);
  }

  /** System property skipping the session warm-up (comparisons, diagnosis). */
  static final String NO_SESSION_WARM_UP_PROPERTY = "smfs.bench.noSessionWarmUp";

  /** How long the unmeasured session run before the measured one sends. */
  static final double SESSION_WARM_UP_SECONDS = 1.5;

  /**
   * Share of the measured run's offered rate the warm-up offers: enough to compile, quick to drain.
   */
  static final double SESSION_WARM_UP_LOAD = 0.5;

  /**
   * An unmeasured session run, so the measured one starts with the session's code compiled, as the
   * sealing warm-up above and JMH do. Measured 2026-11-22: without it the server's event loop,
   * still interpreted, falls behind in the first half second of a 1.4 Gbit/s run, its 16 MB socket
   * buffer overflows (about 10,000 datagrams dropped), and the retransmissions and the backlog the
   * sender built meanwhile drain only at the 5% pacing headroom: a queue of 0.2 to 1 s stayed to
   * the end of the run, in the latencies and, through the late last delivery, in the goodput.
   */
  private static void warmUpSession(
      TransportBenchConfig config, double pace, Double offeredMbit, TransportSecurity security)
      throws IOException, InterruptedException {
    double offered =
        SESSION_WARM_UP_LOAD
            * (offeredMbit != null ? offeredMbit : SessionBench.defaultOfferedMbit(config, pace));
    SessionBench.run(config.withSeconds(SESSION_WARM_UP_SECONDS), pace, offered, security);
  }

  /** Socket buffer ceiling the benches ask for: the session's 32 MiB socket buffers. */
  public static final long SOCKET_BUFFER_CEILING_BYTES = 32L << 20;

  /**
   * Raises the kernel's socket buffer ceilings ({@code net.core.rmem_max}/{@code wmem_max}) to
   * {@link #SOCKET_BUFFER_CEILING_BYTES} where they are lower and this process may (root), so the
   * session's 32 MiB socket buffers take effect (and with them the receive capacity each end
   * announces, which bounds its peer's flight limit). Machine-wide, but only a ceiling: no other
   * socket grows unless it asks.
   *
   * @return what was done, for the report
   */
  public static String raiseSocketBufferCeilings() {
    return SocketLimits.raise(SocketLimits.PROC_CORE, SOCKET_BUFFER_CEILING_BYTES);
  }

  /** Link rate the emulator's queue is sized for by {@link #queueBytesFor}. */
  static final double QUEUE_SIZING_BITS_PER_SECOND = 4e9;

  /**
   * A queue limit that holds what a 4 Gbit/s link has in flight over {@code maxDelayMs} plus 10 ms,
   * charged at the emulator's 2 KiB per 1400-byte packet, and at least the default. Memory is only
   * used as packets are actually in flight.
   */
  public static long queueBytesFor(double maxDelayMs) {
    double inFlight = (maxDelayMs + 10) / 1000 * QUEUE_SIZING_BITS_PER_SECOND / 8;
    return Math.max(WanProfile.DEFAULT_QUEUE_LIMIT_BYTES, (long) (inFlight * 2048 / 1400));
  }

  private static Map<String, Double> perPacket(Map<String, Long> cpuNanos, long packets) {
    Map<String, Double> out = new TreeMap<>();
    cpuNanos.forEach((role, nanos) -> out.put(role, nanos / 1e3 / Math.max(1, packets)));
    return out;
  }
}
