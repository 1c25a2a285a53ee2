package dev.smfs.cli.status;

import java.util.Map;

/**
 * One sample of the Prometheus text format.
 *
 * @param name series name, e.g. {@code smfs_transport_naks_total}
 * @param labels label values by name, possibly empty
 * @param value sample value
 */
record PromSample(String name, Map<String, String> labels, double value) {
  PromSample {
    labels = Map.copyOf(labels);
  }
}
