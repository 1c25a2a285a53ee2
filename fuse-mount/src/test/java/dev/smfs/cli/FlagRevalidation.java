package dev.smfs.cli;

import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.safety.SafetyLevel;
import dev.smfs.server.ship.ShipperConfig;
import dev.smfs.transport.wan.WanConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Test support for the config-parser fuzz target: runs a configuration file through the real {@code
 * smfs mount} / {@code smfs mirror} command line (picocli's conversions and {@link
 * dev.smfs.cli.config.ConfigDefaults}) and then through the checks those commands' {@code call()}
 * apply to each flag, without starting anything. Each value is checked alone, the other flags at
 * their defaults (an interleave list with the C its length implies): cross-flag rules such as
 * {@code --min-repairs <= C} are the commands' job, not the file's.
 *
 * <p>Never resolves host names: a mirror address is checked with its host replaced by a literal
 * unless the host is already an IPv6 literal form (which the JDK parses without DNS).
 */
public final class FlagRevalidation {
  private static final String MIRROR_LITERAL = "127.0.0.1:1";

  private FlagRevalidation() {}

  /**
   * Parses {@code smfs COMMAND --config file} (adding dummy values for required flags the file does
   * not set) and re-checks every value the command received.
   *
   * @throws CommandLine.ParameterException when picocli rejects a value the file accepted
   * @throws IllegalArgumentException when a command's own check rejects one
   */
  public static void check(
      String command, Path file, boolean fileSetsData, boolean fileSetsListen) {
    List<String> args = new ArrayList<>();
    Object user;
    switch (command) {
      case "mount" -> {
        user = new MountCommand();
        args.add("/nonexistent-mountpoint");
      }
      case "mirror" -> {
        user = new MirrorCommand();
        if (!fileSetsListen) {
          args.add("--listen");
          args.add(MIRROR_LITERAL);
        }
      }
      default -> throw new IllegalArgumentException("no such command: command=" + command);
    }
    if (!fileSetsData) {
      args.add("--data");
      args.add("/nonexistent-data");
    }
    args.add("--config");
    args.add(file.toString());
    ParseResult parsed = new CommandLine(user).parseArgs(args.toArray(String[]::new));
    if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
      throw new IllegalArgumentException("a config file turned on --help/--version");
    }
    if (user instanceof MountCommand m) {
      checkMount(m);
    } else {
      MirrorCommand m = (MirrorCommand) user;
      socketAddress(m.listen);
      if (m.metrics != null) {
        HostPort.parse(m.metrics);
      }
    }
  }

  /** What {@code MountCommand.call()} checks of its flags, short of reading the key file. */
  private static void checkMount(MountCommand m) {
    if (m.metrics != null) {
      HostPort.parse(m.metrics);
    }
    if (m.mirror != null) {
      socketAddress(m.mirror);
    }
    if (m.safety != null) {
      SafetyLevel.parse(m.safety);
    }
    ShipperConfig shipper =
        ShipperConfig.fromFlags(MIRROR_LITERAL, m.fec, m.interleave, m.rateMbit, UUID.randomUUID());
    new MirrorOptions(
        shipper,
        SafetyLevel.NETWORK_SYNC,
        m.minRepairs != null ? m.minRepairs : shipper.session().fec().c(),
        m.remoteTimeout != null ? m.remoteTimeout : Duration.ofSeconds(30));
  }

  /**
   * {@link WanConfig#parseHostPort}'s syntax and range checks without DNS: the host is replaced by
   * a literal of the same shape (bracketed, unbracketed with a colon, plain name).
   */
  private static void socketAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      WanConfig.parseHostPort(text); // throws: no host or no colon
      return;
    }
    String host = text.substring(0, colon);
    String literal =
        host.startsWith("[") && host.endsWith("]")
            ? "[::1]"
            : host.indexOf(':') >= 0 ? "::1" : "127.0.0.1";
    WanConfig.parseHostPort(literal + text.substring(colon));
  }
}
