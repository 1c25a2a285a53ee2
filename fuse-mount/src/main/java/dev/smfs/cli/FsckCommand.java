package dev.smfs.cli;

import dev.smfs.server.fsck.Fsck;
import dev.smfs.server.fsck.FsckReport;
import dev.smfs.server.fsck.Problem;
import dev.smfs.server.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smfs fsck}: verify every record checksum and the index against the log. Prints one line
 * per problem ({@code file=... offset=... problem=...}) on stdout and exits 1 if there is any;
 * prints a one-line summary and exits 0 when the volume is clean.
 */
@Command(
    name = "fsck",
    mixinStandardHelpOptions = true,
    description = "Verify every record checksum and the index against the log.")
final class FsckCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.isDirectory(data)) {
      throw new CliException("no such data directory: " + data);
    }
    FsckReport report;
    try {
      report = Fsck.check(data, progress());
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Problem p : report.problems()) {
      out.println(p);
    }
    String summary =
        "segments="
            + report.segments()
            + " records="
            + report.records()
            + " inodes="
            + report.inodes()
            + " extents="
            + report.extents()
            + " problems="
            + report.problems().size();
    out.flush();
    if (report.clean()) {
      out.println("clean: " + summary);
      out.flush();
      return Smfs.EXIT_OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("fsck: " + data + " is not consistent: " + summary);
    err.flush();
    return Smfs.EXIT_FAILURE;
  }

  /**
   * Progress over the segment bytes scanned, on stderr: a bar on a terminal; otherwise a {@code
   * progress ...} line every 10 s and no final line (the summary on stdout ends the run, and a
   * failing fsck keeps its one error line on stderr).
   */
  private Fsck.ProgressFactory progress() {
    if (System.console() != null) {
      return Progress::start;
    }
    PrintWriter err = spec.commandLine().getErr();
    return (task, total, unit) ->
        Progress.toLines(
            task,
            total,
            unit,
            line -> {
              if (line.startsWith("progress ")) {
                err.println(line);
                err.flush();
              }
            },
            System::nanoTime);
  }
}
