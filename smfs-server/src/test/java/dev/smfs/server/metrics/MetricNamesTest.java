package dev.smfs.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smfs.server.log.LogMetrics;
import dev.smfs.server.metrics.MetricNames.Kind;
import dev.smfs.server.metrics.MetricNames.Metric;
import dev.smfs.transport.session.TransportMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricNamesTest {

  @Test
  void everyNameStartsWithSmfsAndHasADocLine() {
    for (Metric m : MetricNames.all()) {
      assertTrue(m.name().startsWith("smfs_"), m.name());
      assertTrue(!m.doc().isBlank(), m.name());
    }
  }

  @Test
  void exportedSeriesNamesAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Metric m : MetricNames.all()) {
      for (String s : m.exportedSeries()) {
        assertTrue(seen.add(s), "series defined twice: " + s);
      }
    }
  }

  @Test
  void noMetricIsLeftPending() {
    // PENDING was removed once every metric was registered; a name comes with its component now.
    assertEquals(
        List.of("WIRED"), Arrays.stream(MetricNames.Status.values()).map(Enum::name).toList());
    for (Metric m : MetricNames.all()) {
      assertEquals(MetricNames.Status.WIRED, m.status(), m.name());
    }
  }

  @Test
  void transportMetricsRegistersOnlyCataloguedNamesOfTheRightKind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new TransportMetrics(registry);
    assertAllCatalogued(registry);
    assertTrue(registry.getMeters().size() >= 10);
    assertTrue(registry.find(MetricNames.TRANSPORT_OBSERVED_LOSS).gauge() != null);
  }

  @Test
  void logMetricsRegistersOnlyCataloguedNamesOfTheRightKind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new LogMetrics(registry);
    assertAllCatalogued(registry);
    assertTrue(registry.getMeters().size() >= 7);
  }

  @Test
  void prometheusExportsEachMetricUnderItsExportedName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (Metric m : MetricNames.all()) {
      String[] tags = new String[m.tags().size() * 2];
      for (int i = 0; i < m.tags().size(); i++) {
        tags[2 * i] = m.tags().get(i);
        tags[2 * i + 1] = "x";
      }
      switch (m.kind()) {
        case COUNTER -> registry.counter(m.name(), tags).increment();
        case GAUGE -> registry.gauge(m.name(), io.micrometer.core.instrument.Tags.of(tags), 1.0);
        case TIMER -> registry.timer(m.name(), tags).record(java.time.Duration.ofMillis(1));
        case SUMMARY -> registry.summary(m.name(), tags).record(1);
      }
    }
    Set<String> typed = new HashSet<>();
    Matcher matcher = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(registry.scrape());
    while (matcher.find()) {
      typed.add(matcher.group(1));
    }
    for (Metric m : MetricNames.all()) {
      assertTrue(typed.contains(m.exportedName()), m.exportedName() + " not in " + typed);
    }
  }

  @Test
  void seriesOfATimerMapBackToItsMetric() {
    assertEquals(
        MetricNames.LOG_FSYNC, MetricNames.bySeries("smfs_log_fsync_seconds_bucket").get().name());
    assertTrue(MetricNames.bySeries("smfs_log_fsync").isEmpty());
  }

  private static void assertAllCatalogued(SimpleMeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      String name = meter.getId().getName();
      Metric m =
          MetricNames.byName(name)
              .orElseThrow(() -> new AssertionError("not in MetricNames: " + name));
      assertEquals(m.kind(), kindOf(meter), name);
      for (var tag : meter.getId().getTags()) {
        assertTrue(m.tags().contains(tag.getKey()), name + " tag " + tag.getKey());
      }
    }
  }

  private static Kind kindOf(Meter meter) {
    if (meter instanceof Counter) {
      return Kind.COUNTER;
    } else if (meter instanceof Timer) {
      return Kind.TIMER;
    } else if (meter instanceof DistributionSummary) {
      return Kind.SUMMARY;
    } else if (meter instanceof Gauge) {
      return Kind.GAUGE;
    }
    throw new AssertionError("unexpected meter " + meter);
  }
}
