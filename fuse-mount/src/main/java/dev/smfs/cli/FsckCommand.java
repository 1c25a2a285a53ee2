package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smfs fsck}: verify every record checksum and the index against the log. */
@Command(
    name = "fsck",
    mixinStandardHelpOptions = true,
    description = "Verify every record checksum and the index against the log.")
final class FsckCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs fsck", 4);
  }
}
