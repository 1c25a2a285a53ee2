package dev.smfs.server.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.metrics.MetricNames.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the metrics documentation use exactly the catalogued names. */
class DeployedNamesTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern EXPR =
      Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern NAME = Pattern.compile("smfs_[a-z0-9_]+");

  @Test
  void everyNameInTheDashboardIsCatalogued() throws Exception {
    String json = Files.readString(ROOT.resolve("deploy/grafana/smfs-dashboard.json"));
    Matcher expr = EXPR.matcher(json);
    List<String> unknown = new ArrayList<>();
    int exprs = 0;
    int names = 0;
    while (expr.find()) {
      exprs++;
      Matcher name = NAME.matcher(expr.group(1));
      while (name.find()) {
        names++;
        if (MetricNames.bySeries(name.group()).isEmpty()) {
          unknown.add(name.group());
        }
      }
    }
    assertTrue(exprs >= 20 && names >= exprs, "exprs=" + exprs + " names=" + names);
    assertTrue(unknown.isEmpty(), "dashboard uses names not in MetricNames: " + unknown);
  }

  @Test
  void everyCataloguedMetricIsDocumented() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/metrics.md"));
    List<String> missing = new ArrayList<>();
    for (Metric m : MetricNames.all()) {
      if (!doc.contains("`" + m.exportedName() + "`")) {
        missing.add(m.exportedName());
      }
    }
    assertTrue(missing.isEmpty(), "docs/metrics.md lacks: " + missing);
  }

  @Test
  void everyNameInTheDocumentationIsCatalogued() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/metrics.md"));
    // Whole names only: "smfs_ship_*" is a family, not a name.
    Matcher name = Pattern.compile("(smfs_[a-z0-9_]*[a-z0-9])(?![a-z0-9_*])").matcher(doc);
    List<String> unknown = new ArrayList<>();
    while (name.find()) {
      if (MetricNames.bySeries(name.group(1)).isEmpty()) {
        unknown.add(name.group(1));
      }
    }
    assertTrue(unknown.isEmpty(), "docs/metrics.md names unknown metrics: " + unknown);
  }
}
