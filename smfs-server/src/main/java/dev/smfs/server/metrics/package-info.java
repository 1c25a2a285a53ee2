/**
 * Operations metrics: {@link dev.smfs.server.metrics.MetricNames} is the single catalogue of every
 * metric name SMFS exports (all start with {@code smfs_}), and {@link
 * dev.smfs.server.metrics.MetricsServer} serves a Prometheus registry at {@code /metrics} for the
 * mount and mirror daemons. Components keep their own metrics class (one per component, injected,
 * no-op in unit tests) and take names from here.
 */
package dev.smfs.server.metrics;
