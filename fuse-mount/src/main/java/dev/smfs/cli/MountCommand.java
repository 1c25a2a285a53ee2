package dev.smfs.cli;

import dev.smfs.cli.config.ConfigDefaults;
import dev.smfs.cli.ops.DaemonOps;
import dev.smfs.fuse.MountException;
import dev.smfs.fuse.MountRequest;
import dev.smfs.fuse.Mounts;
import dev.smfs.fuse.SafetyLevel;
import dev.smfs.fuse.VolumeOpener;
import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.safety.RemoteSync;
import dev.smfs.server.ship.MirroredVolume;
import dev.smfs.server.ship.ReplicationStatus;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.server.status.StatusReport;
import dev.smfs.transport.crypto.SecurityOptions;
import dev.smfs.transport.crypto.TransportSecurity;
import dev.smfs.transport.fec.FecParams;
import dev.smfs.transport.session.TransportMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
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
    description = "Mount a volume at MOUNTPOINT, optionally mirroring its log to a mirror server.",
    defaultValueProvider = ConfigDefaults.class)
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

  @Option(
      names = "--min-repairs",
      paramLabel = "K",
      description = "network-sync waits for K repair packets per data packet (default: C).")
  Integer minRepairs;

  @Option(
      names = "--remote-timeout",
      paramLabel = "DURATION",
      converter = TimeoutConverter.class,
      description =
          "remote-sync fails a write (EIO) after this long without the mirror: seconds, or"
              + " 500ms, 30s, 2m, 1h (default 30s).")
  Duration remoteTimeout;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Pre-shared AES-256-GCM key file (mode 0600) sealing the link to the mirror.")
  Path key;

  @Option(
      names = "--insecure",
      description = "Send unauthenticated datagrams to the mirror (trusted networks only).")
  boolean insecure;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve /metrics here.")
  String metrics;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read options from FILE (keys = long flag names); flags override it.")
  Path config;

  @Option(names = "--foreground", description = "Stay in the foreground until unmounted.")
  boolean foreground;

  @Option(
      names = "--allow-other",
      description = "Let users other than the mounting one use the mount (FUSE allow_other).")
  boolean allowOther;

  @Option(
      names = "--no-xattrs",
      description =
          "Serve no extended attributes (the kernel then answers EOPNOTSUPP itself): saves the"
              + " getxattr round trip the kernel makes before every write.")
  boolean noXattrs;

  /** Set on the detached child that a background mount starts; not for users. */
  @Option(names = "--daemon-child", hidden = true)
  boolean daemonChild;

  @Override
  public Integer call() {
    MountRequest request = new MountRequest(mountPoint, data, level(), allowOther, !noXattrs);
    MirrorOptions mirrorOptions = mirror != null ? mirrorOptions(request) : null;
    if (metrics != null) {
      try {
        HostPort.parse(metrics); // a usage error here, not in the detached child's log
      } catch (IllegalArgumentException e) {
        throw new CliException("--metrics: " + e.getMessage(), Smfs.EXIT_USAGE);
      }
    }
    try {
      if (foreground) {
        serve(request, mirrorOptions);
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

  /**
   * Serves the mount in this process with its operations side: {@code /metrics} (when asked) and
   * {@code DATA/status.json}, both started before the volume opens and stopped after it closes.
   */
  private void serve(MountRequest request, MirrorOptions mirrorOptions) {
    // Checked again by runForeground; first here so status.json has its directory from the start.
    Mounts.checkMountPoint(request.mountPoint());
    Mounts.prepareDataDir(request.dataDir());
    DaemonOps ops =
        DaemonOps.start(
            StatusReport.Role.PRIMARY, VersionProvider.version(), request.dataDir(), metrics);
    MirroredOpener mirrored = null;
    VolumeOpener opener = VolumeOpener.standard(ops.registry());
    if (mirrorOptions != null) {
      ShipperConfig shipper = mirrorOptions.shipper();
      mirrored =
          new MirroredOpener(
              new MirrorOptions(
                  shipper.withOptions(
                      shipper.options().withMetrics(new TransportMetrics(ops.registry()))),
                  mirrorOptions.level(),
                  mirrorOptions.minRepairs(),
                  mirrorOptions.remoteTimeout()));
      opener = mirrored;
    }
    MirroredOpener source = mirrored;
    String safetyName = request.safety().cliName();
    ops.publishStatus(() -> status(safetyName, source, mirrorOptions));
    Mounts.runForeground(request, opener, ops.registry(), ops::close);
  }

  /**
   * The status.json of a mount. Mirrored: the volume, the link's state and lag, and its FEC
   * parameters with the forward link's loss as the mirror reports it in its heartbeats (the
   * receiving side measures it: the mirror's {@code smfs_transport_observed_loss_ratio}).
   * Unmirrored: no volume entry (the plain opener does not expose its volume) and no link.
   */
  private StatusReport status(String safetyName, MirroredOpener mirrored, MirrorOptions options) {
    MirroredVolume volume = mirrored != null ? mirrored.opened() : null;
    List<StatusReport.VolumeStatus> volumes = new ArrayList<>();
    StatusReport.MirrorLink link = null;
    StatusReport.FecStatus fec = null;
    if (volume != null) {
      ReplicationStatus r = volume.shipped().status();
      volumes.add(
          new StatusReport.VolumeStatus(
              volume.volume().uuid().toString(),
              volume.volume().epoch(),
              volume.volume().log().lastLsn(),
              volume.volume().log().durableLsn(),
              r.mirrorDurableLsn()));
      link =
          new StatusReport.MirrorLink(
              mirror,
              StatusReport.LinkState.valueOf(r.state().name()),
              r.lagRecords(),
              r.lagBytes(),
              volume.shipped().lagSeconds());
      FecParams p = options.shipper().session().fec();
      List<Integer> interleaves = new ArrayList<>();
      for (int i : p.interleaves()) {
        interleaves.add(i);
      }
      fec =
          new StatusReport.FecStatus(
              p.r(), p.c(), interleaves, options.minRepairs(), volume.shipper().linkLoss());
    }
    return StatusReport.now(
        StatusReport.Role.PRIMARY, VersionProvider.version(), safetyName, volumes, link, fec);
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
      if (fec != null
          || interleave != null
          || rateMbit != null
          || minRepairs != null
          || remoteTimeout != null
          || key != null
          || insecure) {
        throw new CliException(
            "--fec, --interleave, --rate-mbit, --min-repairs, --remote-timeout, --key and"
                + " --insecure need --mirror",
            Smfs.EXIT_USAGE);
      }
    }
    return level;
  }

  /** The mirror's settings, validated once; usage errors name the flag. */
  private MirrorOptions mirrorOptions(MountRequest request) {
    try {
      // A fresh node identity per mount: fencing is by volume epoch and attached session.
      ShipperConfig flags =
          ShipperConfig.fromFlags(mirror, fec, interleave, rateMbit, UUID.randomUUID());
      ShipperConfig shipper = flags.withOptions(security().apply(flags.options()));
      return new MirrorOptions(
          shipper,
          dev.smfs.server.safety.SafetyLevel.parse(request.safety().cliName()),
          minRepairs != null ? minRepairs : shipper.session().fec().c(),
          remoteTimeout != null ? remoteTimeout : RemoteSync.DEFAULT_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new CliException("--mirror, --fec, --interleave: " + e.getMessage(), Smfs.EXIT_USAGE);
    }
  }

  /**
   * {@code --key} seals the link; {@code --insecure} sends plain datagrams and says so. A mirrored
   * mount with neither refuses to start, like the mirror: unauthenticated replication of a bank's
   * data must be a decision, not a default.
   */
  private TransportSecurity security() {
    try {
      return SecurityOptions.require(key, insecure);
    } catch (SecurityOptions.SecurityConfigException e) {
      throw new CliException(e.getMessage(), Smfs.EXIT_USAGE);
    } catch (RuntimeException e) {
      throw new CliException("--key: " + e.getMessage(), e);
    }
  }

  /**
   * {@code --fec R,C} and {@code --interleave}; without {@code --interleave}, the first C of 1, 10,
   * 100, 1000, 4096.
   */
  static FecParams fecParams(String fec, String interleave) {
    if (fec == null && interleave == null) {
      return FecParams.defaults();
    }
    String rc = fec != null ? fec : "8,3";
    if (interleave != null) {
      return FecParams.parse(rc, interleave);
    }
    String[] parts = rc.split(",", -1);
    int c;
    try {
      c = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : -1;
    } catch (NumberFormatException e) {
      c = -1;
    }
    if (c < FecParams.MIN_C || c > FecParams.MAX_C) {
      return FecParams.parse(rc, "1,10,100"); // throws, naming the bad value
    }
    int[] defaults = {1, 10, 100, 1000, 4096, 4096, 4096, 4096};
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < c; j++) {
      sb.append(j == 0 ? "" : ",").append(defaults[j]);
    }
    return FecParams.parse(rc, sb.toString());
  }

  private List<String> childArgs(MountRequest request) {
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
    if (!request.xattrs()) {
      args.add("--no-xattrs");
    }
    addIfSet(args, "--mirror", mirror);
    addIfSet(args, "--fec", fec);
    addIfSet(args, "--interleave", interleave);
    addIfSet(args, "--rate-mbit", rateMbit);
    addIfSet(args, "--min-repairs", minRepairs);
    addIfSet(
        args, "--remote-timeout", remoteTimeout != null ? remoteTimeout.toMillis() + "ms" : null);
    addIfSet(args, "--key", key);
    addIfSet(args, "--metrics", metrics);
    if (insecure) {
      args.add("--insecure");
    }
    args.add("--foreground");
    args.add("--daemon-child");
    return args;
  }

  /**
   * {@code --remote-timeout}: whole seconds ({@code 30}) as the flag always took, or a duration
   * with a unit ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}) as a config file writes it.
   */
  static final class TimeoutConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "not a duration (seconds, or ms, s, m, h): '" + value + "'");
      }
      String unit = m.group(2) == null ? "s" : m.group(2);
      try {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (unit) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
        d.toNanos(); // the session counts in nanoseconds: refuse what does not fit
        return d;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("duration too large: '" + value + "'");
      }
    }
  }

  private static void addIfSet(List<String> args, String flag, Object value) {
    if (value != null) {
      args.add(flag);
      args.add(value.toString());
    }
  }
}
