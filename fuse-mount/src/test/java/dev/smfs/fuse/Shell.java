package dev.smfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external tools for the integration tests, bounded in time, output captured. */
final class Shell {
  /** Exit code and output (stdout and stderr merged) of one command. */
  record Result(int exitCode, String output) {}

  private static final long TIMEOUT_SECONDS = 120;

  private Shell() {}

  static Result run(Path cwd, String... command) {
    return run(cwd, null, command);
  }

  /** Runs {@code command} in {@code cwd} with {@code stdin} (may be null) fed to it. */
  static Result run(Path cwd, Path stdin, String... command) {
    try {
      Path out = Files.createTempFile("smfs-it-", ".out");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.redirectInput(
            stdin == null
                ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + List.of(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + List.of(command), e);
    }
  }

  /** Runs and asserts exit 0; returns the output. */
  static String ok(Path cwd, String... command) {
    Result r = run(cwd, command);
    assertEquals(0, r.exitCode(), () -> String.join(" ", command) + " failed:\n" + r.output());
    return r.output();
  }
}
