package dev.smfs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code deploy/bin/smfs}.
 *
 * <p>Errors are one line on stderr: usage errors exit {@link #EXIT_USAGE}, failures while running a
 * command exit {@link #EXIT_FAILURE}. Stack traces are never printed for expected conditions; set
 * {@code SMFS_DEBUG=1} to see them for unexpected ones.
 */
@Command(
    name = "smfs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Mirrored log-structured file system with an FEC-protected UDP link.",
    subcommands = {
      MountCommand.class,
      UmountCommand.class,
      MirrorCommand.class,
      StatusCommand.class,
      PromoteCommand.class,
      FsckCommand.class,
      WanEmuCommand.class,
      BenchCommand.class,
    })
public final class Smfs implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code; never calls {@link System#exit}. */
  public static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Smfs());
    cl.setParameterExceptionHandler(new OneLineUsageError());
    cl.setExecutionExceptionHandler(new OneLineFailure());
    cl.setCaseInsensitiveEnumValuesAllowed(false);
    return cl;
  }

  /** Bad flags and unknown commands: one line naming the problem, exit 2. */
  private static final class OneLineUsageError implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String where = cmd.getCommandSpec().qualifiedName();
      String message = ex.getMessage();
      if (ex instanceof UnmatchedArgumentException unmatched
          && !unmatched.getUnmatched().isEmpty()
          && !cmd.getSubcommands().isEmpty()) {
        String first = unmatched.getUnmatched().get(0);
        message =
            first.startsWith("-")
                ? "unknown option '" + first + "'"
                : "unknown command '" + first + "'";
      }
      err.println(where + ": " + message + " (see '" + where + " --help')");
      err.flush();
      return EXIT_USAGE;
    }
  }

  /** A command failed while running: one line, exit 1 (or the code the exception carries). */
  private static final class OneLineFailure implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      String where = cmd.getCommandSpec().qualifiedName();
      String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      err.println(where + ": " + message);
      if (System.getenv("SMFS_DEBUG") != null && !(ex instanceof CliException)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ex instanceof CliException cli ? cli.exitCode() : EXIT_FAILURE;
    }
  }
}
