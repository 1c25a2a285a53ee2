package dev.smfs.server.cleaner;

import dev.smfs.server.log.SegmentInfo;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Rosenblum and Ousterhout's cost-benefit choice: clean the sealed segment maximising {@code (1 -
 * u) * age / (1 + u)}, where u is its live fraction and age how many LSNs ago its newest record was
 * written (cold segments are worth cleaning at higher utilisation). Stateless.
 */
final class SegmentChooser {
  private SegmentChooser() {}

  static double score(double utilization, long age) {
    return (1 - utilization) * age / (1 + utilization);
  }

  /**
   * The best segment to clean: sealed, holding live data (dead ones need deleting, not cleaning),
   * below {@code maxUtilization}, not in {@code skip}; null if there is none.
   */
  static SegmentInfo choose(
      Collection<SegmentInfo> segments,
      Map<Long, Long> liveBytes,
      long lastLsn,
      double maxUtilization,
      Set<Long> skip) {
    SegmentInfo best = null;
    double bestScore = -1;
    for (SegmentInfo s : segments) {
      if (!s.sealed() || skip.contains(s.id())) {
        continue;
      }
      long live = liveBytes.getOrDefault(s.id(), 0L);
      double u = Math.min(1.0, live / (double) s.sizeBytes());
      if (live == 0 || u >= maxUtilization) {
        continue;
      }
      double sc = score(u, Math.max(1, lastLsn - s.lastLsn()));
      if (sc > bestScore) {
        bestScore = sc;
        best = s;
      }
    }
    return best;
  }
}
