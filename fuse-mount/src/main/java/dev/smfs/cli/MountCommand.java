package dev.smfs.cli;

import dev.smfs.fuse.MountException;
import dev.smfs.fuse.MountRequest;
import dev.smfs.fuse.Mounts;
import dev.smfs.fuse.SafetyLevel;
import dev.smfs.fuse.VolumeOpener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code smfs mount}: mount a volume through FUSE, optionally mirrored. Without {@code
 * --foreground} the command starts itself again detached (with {@code --foreground} and the hidden
 * {@code --daemon-child}), its output going to {@code DATA/smfs-mount.log}, and returns once the
 * mount is live.
 */
@Command(
    name = "mount",
    mixinStandardHelpOptions = true,
    description = "Mount a volume at MOUNTPOINT, optionally mirroring its log to a mirror server.")
final class MountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "Empty directory to mount on.")
  Path mountPoint;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory.")
  Path data;

  @Option(names = "--mirror", paramLabel = "HOST:PORT", description = "Mirror server address.")
  String mirror;

  @Option(
      names = "--safety",
      paramLabel = "LEVEL",
      description =
          "async | local-sync | network-sync | remote-sync (default: network-sync with --mirror,"
              + " local-sync without).")
  String safety;

  @Option(names = "--fec", paramLabel = "R,C", description = "FEC rate (default 8,3).")
  String fec;

  @Option(
      names = "--interleave",
      paramLabel = "I1,..",
      description = "Interleaves, one per layer (default 1,10,100).")
  String interleave;

  @Option(names = "--rate-mbit", paramLabel = "N", description = "Pacing rate of the link.")
  Integer rateMbit;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve /metrics here.")
  String metrics;

  @Option(names = "--foreground", description = "Stay in the foreground until unmounted.")
  boolean foreground;

  @Option(
      names = "--allow-other",
      description = "Let users other than the mounting one use the mount (FUSE allow_other).")
  boolean allowOther;

  /** Set on the detached child that a background mount starts; not for users. */
  @Option(names = "--daemon-child", hidden = true)
  boolean daemonChild;

  @Override
  public Integer call() {
    MountRequest request = new MountRequest(mountPoint, data, level(), allowOther);
    if (mirror != null) {
      throw new CliException("--mirror is not implemented in this build yet (issue 6)");
    }
    if (metrics != null) {
      throw new CliException("--metrics is not implemented in this build yet");
    }
    try {
      if (foreground) {
        Mounts.runForeground(request, VolumeOpener.standard());
      } else {
        long pid = Mounts.startBackground(request, Smfs.class.getName(), childArgs(request));
        System.out.println(
            "mounted "
                + request.mountPoint()
                + " (daemon pid "
                + pid
                + ", log "
                + request.dataDir().resolve(Mounts.LOG_FILE)
                + ")");
      }
    } catch (MountException e) {
      throw new CliException(e.getMessage());
    }
    return Smfs.EXIT_OK;
  }

  /** The safety level, with the usage errors of combinations this build cannot serve. */
  private SafetyLevel level() {
    SafetyLevel level;
    try {
      level =
          safety != null
              ? SafetyLevel.parse(safety)
              : mirror != null ? SafetyLevel.NETWORK_SYNC : SafetyLevel.LOCAL_SYNC;
    } catch (IllegalArgumentException e) {
      throw new CliException("--safety: " + e.getMessage(), Smfs.EXIT_USAGE);
    }
    if (mirror == null) {
      if (level.needsMirror()) {
        throw new CliException("--safety " + level.cliName() + " needs --mirror", Smfs.EXIT_USAGE);
      }
      if (fec != null || interleave != null || rateMbit != null) {
        throw new CliException(
            "--fec, --interleave and --rate-mbit need --mirror", Smfs.EXIT_USAGE);
      }
    }
    return level;
  }

  private static List<String> childArgs(MountRequest request) {
    List<String> args = new ArrayList<>();
    args.add("mount");
    args.add(request.mountPoint().toString());
    args.add("--data");
    args.add(request.dataDir().toString());
    args.add("--safety");
    args.add(request.safety().cliName());
    if (request.allowOther()) {
      args.add("--allow-other");
    }
    args.add("--foreground");
    args.add("--daemon-child");
    return args;
  }
}
