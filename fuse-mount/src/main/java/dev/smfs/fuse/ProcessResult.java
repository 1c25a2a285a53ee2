package dev.smfs.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Exit code and merged output of a short external command ({@code fusermount}), bounded in time.
 */
record ProcessResult(int exitCode, String output) {
  static ProcessResult run(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new ProcessResult(-1, String.join(" ", command) + " timed out after " + timeout);
      }
      return new ProcessResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new ProcessResult(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProcessResult(-1, "interrupted");
    }
  }

  String firstLine() {
    String s = output.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
