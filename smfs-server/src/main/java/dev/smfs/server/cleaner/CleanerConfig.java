package dev.smfs.server.cleaner;

/**
 * Cleaner tuning.
 *
 * @param triggerRatio the cleaner rewrites live data only while the log's size exceeds {@code
 *     triggerRatio} times the live data plus one segment (dead segments are deleted regardless)
 * @param maxUtilization segments whose live fraction is at or above this are never cleaned
 * @param idleWaitMillis how long the background thread waits when there is nothing to do
 */
public record CleanerConfig(double triggerRatio, double maxUtilization, long idleWaitMillis) {
  public CleanerConfig {
    if (!(triggerRatio >= 1.0) || !(maxUtilization > 0 && maxUtilization <= 1.0)) {
      throw new IllegalArgumentException(
          "triggerRatio="
              + triggerRatio
              + " must be >= 1, maxUtilization="
              + maxUtilization
              + " in (0, 1]");
    }
    if (idleWaitMillis < 1) {
      throw new IllegalArgumentException("idleWaitMillis=" + idleWaitMillis + " must be >= 1");
    }
  }

  public static CleanerConfig defaults() {
    return new CleanerConfig(1.5, 0.9, 1000);
  }
}
