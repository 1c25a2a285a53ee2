package dev.smfs.cli;

import dev.smfs.fuse.MountException;
import dev.smfs.fuse.Mounts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code smfs umount}: unmount an SMFS mount ({@code fusermount -u}) and wait for its daemon to
 * flush and close the volume, so the data directory is free when the command returns.
 */
@Command(name = "umount", mixinStandardHelpOptions = true, description = "Unmount MOUNTPOINT.")
final class UmountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MOUNTPOINT")
  Path mountPoint;

  @Override
  public Integer call() {
    try {
      Mounts.umount(mountPoint);
    } catch (MountException e) {
      throw new CliException(e.getMessage());
    }
    return Smfs.EXIT_OK;
  }
}
