package dev.smfs.transport.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of one {@code smfs bench transport} run. The session figures are null when the session
 * phase did not run ({@link #sessionMissingReason()} says why).
 *
 * @param rawUdpMbps payload Mbit/s of plain UDP through the emulator (10^6 bit/s)
 * @param rawSent datagrams the raw phase sent
 * @param rawReceived datagrams the raw phase received
 * @param rawLostByEmulator datagrams the emulator dropped in the raw phase (loss model and queue)
 * @param rawCorrupt raw datagrams with wrong bytes or duplicated (must be 0)
 * @param rawLatencyP50Ms median one-way latency of the raw phase
 * @param rawLatencyP99Ms 99th percentile one-way latency of the raw phase
 * @param sessionPaceMbit pacing rate of the session on the wire, Mbit/s
 * @param session session figures, or null
 * @param rawCpuMicrosPerPacket CPU microseconds per datagram the emulator received in the raw
 *     phase, by thread role
 * @param sessionCpuMicrosPerPacket CPU microseconds per DATA packet in the session phase, by thread
 *     role
 * @param sessionMissingReason why there are no session figures, or null
 * @param latencyRun figures of a second session run offered a share of the first run's goodput (a
 *     load the session carries, so its latencies measure the link and recovery rather than
 *     queueing), or null if not run
 */
public record TransportBenchResult(
    double rawUdpMbps,
    long rawSent,
    long rawReceived,
    long rawLostByEmulator,
    long rawCorrupt,
    double rawLatencyP50Ms,
    double rawLatencyP99Ms,
    double sessionPaceMbit,
    SessionFigures session,
    Map<String, Double> rawCpuMicrosPerPacket,
    Map<String, Double> sessionCpuMicrosPerPacket,
    String sessionMissingReason,
    SessionFigures latencyRun) {

  public TransportBenchResult {
    rawCpuMicrosPerPacket = Map.copyOf(rawCpuMicrosPerPacket);
    sessionCpuMicrosPerPacket = Map.copyOf(sessionCpuMicrosPerPacket);
  }

  /** Without a latency run. */
  public TransportBenchResult(
      double rawUdpMbps,
      long rawSent,
      long rawReceived,
      long rawLostByEmulator,
      long rawCorrupt,
      double rawLatencyP50Ms,
      double rawLatencyP99Ms,
      double sessionPaceMbit,
      SessionFigures session,
      Map<String, Double> rawCpuMicrosPerPacket,
      Map<String, Double> sessionCpuMicrosPerPacket,
      String sessionMissingReason) {
    this(
        rawUdpMbps,
        rawSent,
        rawReceived,
        rawLostByEmulator,
        rawCorrupt,
        rawLatencyP50Ms,
        rawLatencyP99Ms,
        sessionPaceMbit,
        session,
        rawCpuMicrosPerPacket,
        sessionCpuMicrosPerPacket,
        sessionMissingReason,
        null);
  }

  /**
   * Figures of the reliable session phase.
   *
   * @param offeredMbps payload rate the application offered (it is paced to this rate)
   * @param goodputMbps delivered payload Mbit/s, in order and verified
   * @param dataPackets data packets the sender transmitted (first transmissions)
   * @param lostPackets DATA packets the emulator dropped (loss model and queue; retransmissions
   *     included)
   * @param lostRecoveredByFec distinct DATA packets the link dropped that FEC then rebuilt
   * @param lostDistinctPackets distinct DATA packets the link dropped (at least once)
   * @param fecRecovered data packets the receiver rebuilt from repair packets (including packets
   *     lost outside the emulator, e.g. to a full socket buffer)
   * @param retransmitted data packets sent again after a NAK
   * @param deliveredBytes payload bytes delivered in order
   * @param corruptOrMissing payloads delivered with wrong bytes, out of order, twice, or not at all
   * @param recoveryP50Ms median time from send to FEC recovery
   * @param recoveryP99Ms 99th percentile time from send to FEC recovery
   * @param deliveryP50Ms median time from send to in-order delivery
   * @param deliveryP99Ms 99th percentile time from send to in-order delivery
   */
  public record SessionFigures(
      double offeredMbps,
      double goodputMbps,
      long dataPackets,
      long lostPackets,
      long lostRecoveredByFec,
      long lostDistinctPackets,
      long fecRecovered,
      long retransmitted,
      long deliveredBytes,
      long corruptOrMissing,
      double recoveryP50Ms,
      double recoveryP99Ms,
      double deliveryP50Ms,
      double deliveryP99Ms) {

    /** Share of the distinct DATA packets lost on the link that FEC recovered (1 if none lost). */
    public double fecRecoveredShare() {
      return lostDistinctPackets == 0 ? 1 : (double) lostRecoveredByFec / lostDistinctPackets;
    }
  }

  /** One JSON object on one line; absent figures are null. */
  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    SessionFigures s = session;
    field(b, "goodput_mbps", s == null ? null : num(s.goodputMbps()));
    field(b, "raw_udp_mbps", num(rawUdpMbps));
    field(b, "offered_mbps", s == null ? null : num(s.offeredMbps()));
    field(b, "data_packets", s == null ? null : Long.toString(s.dataPackets()));
    field(b, "lost_packets", s == null ? null : Long.toString(s.lostPackets()));
    field(b, "lost_recovered_by_fec", s == null ? null : Long.toString(s.lostRecoveredByFec()));
    field(b, "fec_recovered_share", s == null ? null : num(s.fecRecoveredShare()));
    field(b, "fec_recovered", s == null ? null : Long.toString(s.fecRecovered()));
    field(b, "retransmitted", s == null ? null : Long.toString(s.retransmitted()));
    field(b, "delivered_bytes", s == null ? null : Long.toString(s.deliveredBytes()));
    field(b, "corrupt_or_missing", s == null ? null : Long.toString(s.corruptOrMissing()));
    field(b, "recovery_latency_ms_p50", s == null ? null : num(s.recoveryP50Ms()));
    field(b, "recovery_latency_ms_p99", s == null ? null : num(s.recoveryP99Ms()));
    field(b, "delivery_latency_ms_p50", s == null ? null : num(s.deliveryP50Ms()));
    field(b, "delivery_latency_ms_p99", s == null ? null : num(s.deliveryP99Ms()));
    field(b, "raw_sent", Long.toString(rawSent));
    field(b, "raw_received", Long.toString(rawReceived));
    field(b, "raw_lost_by_emulator", Long.toString(rawLostByEmulator));
    field(b, "raw_corrupt", Long.toString(rawCorrupt));
    field(b, "raw_latency_ms_p50", num(rawLatencyP50Ms));
    field(b, "raw_latency_ms_p99", num(rawLatencyP99Ms));
    field(b, "session_pace_mbps", num(sessionPaceMbit));
    field(b, "raw_cpu_us_per_packet", object(rawCpuMicrosPerPacket));
    field(b, "session_cpu_us_per_packet", object(sessionCpuMicrosPerPacket));
    field(b, "session_missing", sessionMissingReason == null ? null : quote(sessionMissingReason));
    if (latencyRun != null) {
      field(b, "latency_run", latencyJson(latencyRun));
    }
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }

  /** A few human-readable lines. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "raw UDP:  %.1f Mbit/s, sent %d, received %d, emulator dropped %d, corrupt %d,"
                + " latency p50 %.2f ms p99 %.2f ms%n",
            rawUdpMbps,
            rawSent,
            rawReceived,
            rawLostByEmulator,
            rawCorrupt,
            rawLatencyP50Ms,
            rawLatencyP99Ms));
    b.append("          CPU us per datagram: ")
        .append(describe(rawCpuMicrosPerPacket))
        .append('\n');
    if (session == null) {
      b.append("session:  not measured: ").append(sessionMissingReason).append('\n');
    } else {
      SessionFigures s = session;
      double recoveredShare =
          s.lostPackets() == 0 ? 1 : (double) s.fecRecovered() / s.lostPackets();
      b.append(
          String.format(
              Locale.ROOT,
              "session:  paced at %.1f Mbit/s, offered %.1f Mbit/s: goodput %.1f Mbit/s (%.0f%% of raw), data packets %d,"
                  + " lost %d,"
                  + " of which FEC recovered %d of %d distinct (%.2f%%); FEC recovered %d in all,"
                  + " retransmitted %d%n"
                  + "          delivered %d bytes, corrupt or missing %d%n"
                  + "          recovery latency p50 %.2f ms p99 %.2f ms;"
                  + " delivery latency p50 %.2f ms p99 %.2f ms%n",
              sessionPaceMbit,
              s.offeredMbps(),
              s.goodputMbps(),
              rawUdpMbps > 0 ? 100 * s.goodputMbps() / rawUdpMbps : 0,
              s.dataPackets(),
              s.lostPackets(),
              s.lostRecoveredByFec(),
              s.lostDistinctPackets(),
              100 * s.fecRecoveredShare(),
              s.fecRecovered(),
              s.retransmitted(),
              s.deliveredBytes(),
              s.corruptOrMissing(),
              s.recoveryP50Ms(),
              s.recoveryP99Ms(),
              s.deliveryP50Ms(),
              s.deliveryP99Ms()));
      b.append("          CPU us per DATA packet: ")
          .append(describe(sessionCpuMicrosPerPacket))
          .append('\n');
    }
    if (latencyRun != null) {
      SessionFigures l = latencyRun;
      b.append(
          String.format(
              Locale.ROOT,
              "latency run: offered %.1f Mbit/s: goodput %.1f Mbit/s, FEC recovered %.2f%% of"
                  + " lost, retransmitted %d, corrupt or missing %d%n"
                  + "          recovery latency p50 %.2f ms p99 %.2f ms;"
                  + " delivery latency p50 %.2f ms p99 %.2f ms%n",
              l.offeredMbps(),
              l.goodputMbps(),
              100 * l.fecRecoveredShare(),
              l.retransmitted(),
              l.corruptOrMissing(),
              l.recoveryP50Ms(),
              l.recoveryP99Ms(),
              l.deliveryP50Ms(),
              l.deliveryP99Ms()));
    }
    return b.toString();
  }

  /** The latency run as a nested object (present only when it ran). */
  private static String latencyJson(SessionFigures s) {
    StringBuilder b = new StringBuilder("{");
    field(b, "offered_mbps", num(s.offeredMbps()));
    field(b, "goodput_mbps", num(s.goodputMbps()));
    field(b, "fec_recovered_share", num(s.fecRecoveredShare()));
    field(b, "retransmitted", Long.toString(s.retransmitted()));
    field(b, "corrupt_or_missing", Long.toString(s.corruptOrMissing()));
    field(b, "recovery_latency_ms_p50", num(s.recoveryP50Ms()));
    field(b, "recovery_latency_ms_p99", num(s.recoveryP99Ms()));
    field(b, "delivery_latency_ms_p50", num(s.deliveryP50Ms()));
    field(b, "delivery_latency_ms_p99", num(s.deliveryP99Ms()));
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }

  private static void field(StringBuilder b, String name, String jsonValue) {
    b.append('"')
        .append(name)
        .append("\":")
        .append(jsonValue == null ? "null" : jsonValue)
        .append(',');
  }

  private static String describe(Map<String, Double> cpu) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(cpu)
        .forEach(
            (k, v) ->
                b.append(k).append(' ').append(String.format(Locale.ROOT, "%.1f", v)).append(", "));
    return b.length() == 0 ? "-" : b.substring(0, b.length() - 2);
  }

  private static String object(Map<String, Double> values) {
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(values)
        .forEach((k, v) -> b.append(quote(k)).append(':').append(num(v)).append(','));
    if (b.length() > 1) {
      b.setLength(b.length() - 1);
    }
    return b.append('}').toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
