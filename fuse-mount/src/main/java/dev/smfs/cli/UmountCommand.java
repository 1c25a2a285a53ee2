package dev.smfs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code smfs umount}: flush and unmount a mounted volume. */
@Command(name = "umount", mixinStandardHelpOptions = true, description = "Unmount MOUNTPOINT.")
final class UmountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MOUNTPOINT")
  Path mountPoint;

  @Override
  public Integer call() {
    throw NotYetBuilt.of("smfs umount", 5);
  }
}
