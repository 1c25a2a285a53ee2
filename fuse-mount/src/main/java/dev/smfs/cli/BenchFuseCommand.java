package dev.smfs.cli;

import dev.smfs.fuse.FuseBench;
import dev.smfs.fuse.MountException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smfs bench fuse}: file-system throughput through an SMFS mount, next to a plain directory
 * and to a do-nothing FUSE file system (NullFs) mounted by the bench itself.
 */
@Command(
    name = "fuse",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark a mounted SMFS volume: sequential write/read, 4 KiB random writes, creates;"
            + " the same on --native and on a do-nothing FUSE file system for comparison.")
final class BenchFuseCommand implements Callable<Integer> {
  @Option(names = "--dir", required = true, paramLabel = "MOUNTPOINT", description = "SMFS mount.")
  Path dir;

  @Option(names = "--native", paramLabel = "DIR", description = "Plain directory to compare with.")
  Path nativeDir;

  @Option(
      names = "--size-mib",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Size of each sequential file (default ${DEFAULT-VALUE}).")
  int sizeMiB;

  @Option(names = "--json", description = "Print one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (sizeMiB <= 0) {
      throw new CliException("--size-mib must be positive", Smfs.EXIT_USAGE);
    }
    requireDirectory(dir, "--dir");
    if (nativeDir != null) {
      requireDirectory(nativeDir, "--native");
    }
    FuseBench bench = new FuseBench(sizeMiB, System.out);
    List<FuseBench.Figures> figures;
    try {
      figures = bench.run(dir, nativeDir);
    } catch (MountException e) {
      throw new CliException("NullFs mount failed: " + e.getMessage());
    }
    if (!bench.droppedCaches()) {
      System.out.println(
          "note: could not drop the page cache; native first reads may come from memory");
    }
    if (json) {
      System.out.println(bench.json(figures));
    }
    return Smfs.EXIT_OK;
  }

  private static void requireDirectory(Path path, String option) {
    if (!Files.isDirectory(path)) {
      throw new CliException(option + " " + path + " is not a directory");
    }
  }
}
