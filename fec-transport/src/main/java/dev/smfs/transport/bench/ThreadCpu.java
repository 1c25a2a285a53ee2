package dev.smfs.transport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the benchmark's threads, grouped by role from the thread names, so a run can say
 * where the processor went (on a shared 2-core machine the wall-clock figures depend on the load;
 * CPU per packet much less).
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Role of a thread by name, or null for threads the benchmark does not own. */
  static String role(String threadName) {
    if (threadName.startsWith("wan-emu-")) {
      return "emulator-" + threadName.substring("wan-emu-".length());
    }
    if (threadName.startsWith("smfs-transport-client")) {
      return "session-client";
    }
    if (threadName.startsWith("smfs-transport-server")) {
      return "session-server";
    }
    if (threadName.startsWith("bench-")) {
      return threadName.substring("bench-".length());
    }
    return null;
  }

  /** CPU nanoseconds so far of every live thread with a role, summed per role. */
  static Map<String, Long> byRole() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String role = role(t.getName());
      if (role != null) {
        long cpu = mx.getThreadCpuTime(t.getId());
        if (cpu > 0) {
          out.merge(role, cpu, Long::sum);
        }
      }
    }
    return out;
  }

  /** CPU nanoseconds of the calling thread. */
  static long currentThread() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
