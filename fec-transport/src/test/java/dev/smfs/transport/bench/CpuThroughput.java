package dev.smfs.transport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Data throughput per CPU-second of the benchmark thread, printed per JMH iteration next to JMH's
 * wall-clock score. On a shared, overloaded machine the wall-clock score also counts time the
 * thread spent descheduled; CPU time does not, so it shows what one core actually achieves.
 */
final class CpuThroughput {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long cpuStart;
  private long bytesStart;

  void start(long bytesSoFar) {
    cpuStart = THREADS.getCurrentThreadCpuTime();
    bytesStart = bytesSoFar;
  }

  void stop(String what, long bytesSoFar) {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    long bytes = bytesSoFar - bytesStart;
    System.out.printf(
        " [%s cpu-time: %.0f MB/s of data, %.0f ms cpu]", what, bytes * 1e3 / cpu, cpu / 1e6);
  }
}
