package dev.smfs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code smfs} command run as a separate JVM (this JVM's java, flags and classpath), its stdout
 * and stderr going to a log file. Thread-safety: none needed, one owner.
 */
final class ChildProcess implements AutoCloseable {
  private static final String MAIN = "dev.smfs.cli.Smfs";

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code smfs args...}; output to {@code log}. */
  static ChildProcess start(String name, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(javaFromHome()));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        cmd.add(a); // debugger and coverage agents would clash on ports and files
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MAIN);
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new ChildProcess(name, p, log);
  }

  private static String javaFromHome() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Throws with the last lines of the log if the process has exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new BenchException(
          name + " exited: status=" + process.exitValue() + " log tail: " + tail(5));
    }
  }

  /** True once the log contains {@code text}. */
  boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL, as a crash of the whole site; waits for the exit. */
  void kill() {
    process.destroyForcibly();
    waitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; true if it ended cleanly. */
  boolean stop(Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (waitExit(grace)) {
      return true;
    }
    kill();
    return false;
  }

  /** True if the process has exited within {@code timeout}. */
  boolean waitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last {@code n} non-blank lines of the log, joined with " | ". */
  String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> keep = new ArrayList<>();
      for (int i = lines.size() - 1; i >= 0 && keep.size() < n; i--) {
        if (!lines.get(i).isBlank()) {
          keep.add(0, lines.get(i).strip());
        }
      }
      return String.join(" | ", keep);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return name + "(pid=" + process.pid() + ")";
  }
}
