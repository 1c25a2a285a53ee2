package dev.smfs.cli;

import dev.smfs.cli.status.DataDirInspector;
import dev.smfs.cli.status.MetricsScrape;
import dev.smfs.cli.status.StatusRender;
import dev.smfs.server.metrics.HostPort;
import dev.smfs.server.status.StatusFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smfs status}: what a data directory or a running daemon is doing. {@code --data} never
 * disturbs a daemon on that directory: it reads the {@code status.json} the daemon rewrites every
 * second plus static facts (files, disk usage). {@code --metrics} scrapes a daemon's {@code
 * /metrics}. Human table by default; {@code --json} prints one JSON object on one line.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show role, volumes, mirror state and lag of a data directory or a daemon.")
final class StatusCommand implements Callable<Integer> {
  static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

  static final class Target {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory.")
    Path data;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "A daemon's metrics.")
    String metrics;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--json", description = "One JSON object instead of a table.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Object> facts;
    if (target.data != null) {
      try {
        facts = DataDirInspector.system().inspect(target.data);
      } catch (IllegalArgumentException | StatusFileException e) {
        throw new CliException(e.getMessage());
      }
    } else {
      HostPort address;
      try {
        address = HostPort.parse(target.metrics);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), Smfs.EXIT_USAGE);
      }
      String text;
      try {
        text = MetricsScrape.fetch(address, SCRAPE_TIMEOUT);
      } catch (IllegalStateException e) {
        throw new CliException(e.getMessage());
      }
      try {
        facts = MetricsScrape.summarise(address.toString(), text);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? StatusRender.json(facts) + "\n" : StatusRender.table(facts));
    out.flush();
    return Smfs.EXIT_OK;
  }
}
